package dev.modelgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.observe.AccessLogSettings;
import dev.modelgate.observe.trace.TracingSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code observability:} section: every key read, defaults, path-qualified refusals. */
class ObservabilityConfigTest {
  private static GatewayConfig parse(String yaml) {
    return ConfigLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), name -> null, Path.of("data"));
  }

  @Test
  void everyTracingKeyIsRead() {
    TracingSettings tracing =
        parse(
                """
                observability:
                  tracing:
                    enabled: true
                    service_name: edge-gw
                    sample_ratio: 0.25
                    keep_errors: false
                    propagators: [tracecontext, b3]
                    recent_traces: 7
                    capture_content: true
                    otlp:
                      endpoint: http://collector:4317
                      protocol: grpc
                      headers: {authorization: Bearer t}
                      timeout: 3s
                """)
            .tracing();
    assertThat(tracing.enabled()).isTrue();
    assertThat(tracing.serviceName()).isEqualTo("edge-gw");
    assertThat(tracing.sampleRatio()).isEqualTo(0.25);
    assertThat(tracing.keepErrors()).isFalse();
    assertThat(tracing.propagators()).containsExactly("tracecontext", "b3");
    assertThat(tracing.recentTraces()).isEqualTo(7);
    assertThat(tracing.captureContent()).isTrue();
    assertThat(tracing.otlp())
        .isEqualTo(
            new TracingSettings.Otlp(
                URI.create("http://collector:4317"),
                "grpc",
                java.util.Map.of("authorization", "Bearer t"),
                Duration.ofSeconds(3)));
  }

  @Test
  void theCollectorsCredentialsNeverPrint() {
    GatewayConfig config =
        parse(
            """
            observability:
              tracing:
                enabled: true
                otlp:
                  endpoint: https://user:endpoint-password@collector:4318
                  headers: {authorization: Bearer otlp-secret-7c1d, x-api-key: key-secret-90ab}
            """);
    TracingSettings.Otlp otlp = config.tracing().otlp();
    assertThat(otlp.headers()).containsEntry("authorization", "Bearer otlp-secret-7c1d");
    for (String printed :
        List.of(otlp.toString(), config.tracing().toString(), config.toString())) {
      assertThat(printed)
          .contains("authorization=<redacted>", "x-api-key=<redacted>", "<redacted>@collector")
          .doesNotContain("otlp-secret-7c1d", "key-secret-90ab", "endpoint-password");
    }
  }

  @Test
  void tracingIsOffByDefault() {
    assertThat(parse("{}").tracing()).isEqualTo(TracingSettings.DISABLED);
  }

  @Test
  void metricsAreOnUnlessSwitchedOff() {
    assertThat(parse("{}").metrics()).isTrue();
    assertThat(parse("observability: {metrics: {enabled: false}}").metrics()).isFalse();
    assertThat(problems("observability: {metrics: {enabled: false, port: 9090}}"))
        .anyMatch(p -> p.startsWith("observability.metrics") && p.contains("port"));
  }

  @Test
  void theAccessLogKeysAreReadAndDefaultToStdout() {
    assertThat(parse("{}").accessLog()).isEqualTo(AccessLogSettings.DEFAULT);
    assertThat(AccessLogSettings.DEFAULT.to()).isEqualTo("stdout");
    AccessLogSettings file =
        parse(
                """
                observability:
                  access_log:
                    to: /var/log/modelgate/access.log
                    max_size: 20MiB
                    rotate_every: 1d
                    max_files: 14
                    compress: false
                """)
            .accessLog();
    assertThat(file)
        .isEqualTo(
            new AccessLogSettings(
                "/var/log/modelgate/access.log", 20L * 1024 * 1024, Duration.ofDays(1), 14, false));
    assertThat(
            problems(
                """
                observability:
                  access_log: {to: "", max_size: lots, rotate_every: 10ms, max_files: -1, gzip: true}
                """))
        .anyMatch(p -> p.startsWith("observability.access_log.to: must be stdout, none"))
        .anyMatch(p -> p.startsWith("observability.access_log.max_size:"))
        .anyMatch(p -> p.startsWith("observability.access_log.rotate_every: must be 0s"))
        .anyMatch(p -> p.startsWith("observability.access_log.max_files: must be between 0"))
        .anyMatch(p -> p.startsWith("observability.access_log") && p.contains("gzip"));
  }

  @Test
  void mistakesAreNamedByTheirPath() {
    assertThat(
            problems(
                """
                observability:
                  tracing:
                    sample_ratio: 2
                    propagators: [jaeger]
                    colour: blue
                    otlp: {protocol: carrier-pigeon}
                """))
        .anyMatch(p -> p.startsWith("observability.tracing.sample_ratio: must be between 0"))
        .anyMatch(
            p -> p.startsWith("observability.tracing.propagators: unknown propagator 'jaeger'"))
        .anyMatch(p -> p.startsWith("observability.tracing") && p.contains("colour"))
        .anyMatch(p -> p.startsWith("observability.tracing.otlp.endpoint: is required"))
        .anyMatch(p -> p.startsWith("observability.tracing.otlp.protocol: must be one of"));
  }

  /** The problems a configuration that must be refused is refused with. */
  private static List<String> problems(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
    assertThat(e).as("refused").isNotNull();
    return e.problems();
  }
}

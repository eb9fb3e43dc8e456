package dev.modelgate.config;

import dev.modelgate.observe.AccessLogSettings;
import dev.modelgate.observe.trace.TracingSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The {@code observability:} section: {@code tracing:}, {@code access_log:} and {@code metrics:}.
 * Read once at start: changing it needs a restart.
 */
final class ObservabilitySection {
  private static final int MAX_FILES = 1000;

  private ObservabilitySection() {}

  static TracingSettings tracing(ConfigNode observability) {
    observability.allowOnly(Set.of("tracing", "access_log", "metrics"));
    ConfigNode node = observability.object("tracing");
    node.allowOnly(
        Set.of(
            "enabled",
            "service_name",
            "sample_ratio",
            "keep_errors",
            "propagators",
            "recent_traces",
            "capture_content",
            "otlp"));
    TracingSettings defaults = TracingSettings.DISABLED;
    List<String> propagators = node.strings("propagators", defaults.propagators());
    for (int i = 0; i < propagators.size(); i++) {
      if (!TracingSettings.PROPAGATORS.contains(propagators.get(i))) {
        node.child("propagators")
            .problem(
                "unknown propagator '"
                    + propagators.get(i)
                    + "'; known: "
                    + TracingSettings.PROPAGATORS);
      }
    }
    return new TracingSettings(
        node.bool("enabled", defaults.enabled()),
        node.string("service_name", defaults.serviceName()),
        node.decimal("sample_ratio", defaults.sampleRatio(), 0, 1),
        node.bool("keep_errors", defaults.keepErrors()),
        propagators,
        node.integer("recent_traces", defaults.recentTraces(), 0, 100_000),
        node.bool("capture_content", defaults.captureContent()),
        node.has("otlp") ? otlp(node.object("otlp")) : null);
  }

  /** Whether the meters and {@code /metrics} are on ({@code metrics: {enabled: false}}: off). */
  static boolean metrics(ConfigNode observability) {
    ConfigNode node = observability.object("metrics");
    node.allowOnly(Set.of("enabled"));
    return node.bool("enabled", true);
  }

  static AccessLogSettings accessLog(ConfigNode observability) {
    ConfigNode node = observability.object("access_log");
    node.allowOnly(Set.of("to", "max_size", "rotate_every", "max_files", "compress"));
    AccessLogSettings defaults = AccessLogSettings.DEFAULT;
    String to = node.string("to", defaults.to());
    if (to.isBlank()) {
      node.child("to").problem("must be stdout, none or a file path");
    }
    long maxBytes = node.bytes("max_size", defaults.maxBytes());
    Duration every = node.duration("rotate_every", defaults.rotateEvery());
    if (every.isNegative() || (!every.isZero() && every.toMillis() < 1000)) {
      node.child("rotate_every").problem("must be 0s (never) or at least 1s");
    }
    int maxFiles = node.integer("max_files", defaults.maxFiles(), 0, MAX_FILES);
    boolean compress = node.bool("compress", defaults.compress());
    return new AccessLogSettings(to, maxBytes, every, maxFiles, compress);
  }

  private static TracingSettings.Otlp otlp(ConfigNode node) {
    node.allowOnly(Set.of("endpoint", "protocol", "headers", "timeout"));
    URI endpoint = node.uri("endpoint", Set.of("http", "https"));
    if (endpoint == null) {
      node.child("endpoint").problem("is required, like http://collector:4318");
      endpoint = URI.create("http://127.0.0.1:4318");
    }
    String protocol = node.string("protocol", "http");
    if (!TracingSettings.PROTOCOLS.contains(protocol)) {
      node.child("protocol").problem("must be one of " + TracingSettings.PROTOCOLS);
    }
    Duration timeout = node.duration("timeout", Duration.ofSeconds(10));
    return new TracingSettings.Otlp(endpoint, protocol, node.stringMap("headers"), timeout);
  }
}

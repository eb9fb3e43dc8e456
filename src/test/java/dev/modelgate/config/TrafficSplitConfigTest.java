package dev.modelgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.policy.canary.CanarySettings;
import dev.modelgate.policy.shadow.ShadowSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code canary:} and {@code shadow:} keys of a route, and their problems by path. */
class TrafficSplitConfigTest {
  private static final String HEAD =
      """
      upstreams:
        - {name: old, type: echo}
        - {name: new, type: echo}
      routes:
        - model: chat
          targets: [{upstream: old, model: m1}]
      """;

  private static GatewayConfig parse(String routeKeys) {
    return ConfigLoader.parse(
        (HEAD + routeKeys).getBytes(StandardCharsets.UTF_8), name -> null, Path.of("data"));
  }

  private static List<String> problems(String routeKeys) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(routeKeys));
    assertThat(e).as("expected the configuration to be rejected").isNotNull();
    return e.problems();
  }

  @Test
  void aFullCanaryAndShadow() {
    GatewayConfig config =
        parse(
            """
                canary:
                  targets: [{upstream: new, model: m2}]
                  stages: [5, {percent: 20, min_duration: 30m, min_requests: 500}, 100]
                  min_duration: 15m
                  min_requests: 200
                  bounds: {error_rate_increase: 0.01, latency_ratio: 1.2, ttft_ratio: 2, latency_slack: 50ms}
                  sticky: header
                  sticky_header: X-User-Id
                  force_header: X-Canary
                  automatic: false
                shadow:
                  target: {upstream: new, model: m3}
                  sample_rate: 0.25
                  max_concurrent: 8
            """);
    GatewayConfig.RouteSpec route = config.routes().getFirst();
    GatewayConfig.CanarySpec canary = route.canary();
    assertThat(canary.targets()).containsExactly(new GatewayConfig.TargetSpec("new", "m2", null));
    assertThat(canary.settings())
        .isEqualTo(
            new CanarySettings(
                List.of(
                    new CanarySettings.Stage(5, Duration.ofMinutes(15), 200),
                    new CanarySettings.Stage(20, Duration.ofMinutes(30), 500),
                    new CanarySettings.Stage(100, Duration.ofMinutes(15), 200)),
                new CanarySettings.Bounds(0.01, 1.2, 2, Duration.ofMillis(50)),
                CanarySettings.StickySource.HEADER,
                "x-user-id",
                "x-canary",
                false));
    assertThat(route.shadow())
        .isEqualTo(
            new GatewayConfig.ShadowSpec(
                new GatewayConfig.TargetSpec("new", "m3", null), new ShadowSettings(0.25, 8)));
  }

  @Test
  void defaults() {
    CanarySettings settings =
        parse("    canary: {targets: [{upstream: new}]}\n").routes().getFirst().canary().settings();
    assertThat(settings.stages())
        .extracting(CanarySettings.Stage::percent)
        .containsExactly(5.0, 20.0, 50.0, 100.0);
    assertThat(settings.stages().getFirst().minDuration()).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.stages().getFirst().minRequests()).isEqualTo(100);
    assertThat(settings.bounds())
        .isEqualTo(new CanarySettings.Bounds(0.02, 1.5, 1.5, Duration.ZERO));
    assertThat(settings.sticky()).isEqualTo(CanarySettings.StickySource.KEY);
    assertThat(settings.forceHeader()).isEqualTo("x-modelgate-canary");
    assertThat(settings.automatic()).isTrue();
    assertThat(parse("").routes().getFirst().canary()).isNull();
  }

  @Test
  void everyProblemIsNamedByItsPath() {
    assertThat(
            problems(
                """
                    canary:
                      targets: [{upstream: nowhere}]
                      stages: [20, 10, 150, lots]
                      bounds: {error_rate_increase: 2, speed: 1}
                      sticky: cookie
                      colour: blue
                    shadow:
                      sample_rate: 1.5
                """))
        .containsExactlyInAnyOrder(
            "routes[0].canary.colour: unknown field (expected one of [automatic, bounds,"
                + " force_header, min_duration, min_requests, stages, sticky, sticky_header,"
                + " targets])",
            "routes[0].canary.targets[0].upstream: unknown upstream 'nowhere'",
            "routes[0].canary.stages[1]: a stage is a percentage above the previous stage's (20.0) and at most 100",
            "routes[0].canary.stages[2]: a stage is a percentage above the previous stage's (20.0) and at most 100",
            "routes[0].canary.stages[3]: must be a number",
            "routes[0].canary.bounds.speed: unknown field (expected one of [error_rate_increase, latency_ratio, latency_slack, ttft_ratio])",
            "routes[0].canary.bounds.error_rate_increase: must be between 0.0 and 1.0, not 2.0",
            "routes[0].canary.sticky: must be key, user or header, not 'cookie'",
            "routes[0].shadow.target: is required",
            "routes[0].shadow.target.upstream: is required",
            "routes[0].shadow.sample_rate: must be between 0.0 and 1.0, not 1.5");
  }

  @Test
  void aHeaderStickySourceNeedsTheHeader() {
    assertThat(problems("    canary: {targets: [{upstream: new}], sticky: header}\n"))
        .containsExactly("routes[0].canary.sticky_header: is required when sticky is header");
    assertThat(problems("    canary: {stages: [100]}\n"))
        .containsExactly("routes[0].canary.targets: a canary needs at least one candidate target");
  }
}

package dev.modelgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.policy.breaker.BreakerSettings;
import dev.modelgate.policy.cache.CacheScope;
import dev.modelgate.policy.cache.CacheSettings;
import dev.modelgate.policy.fallback.FallbackLevel;
import dev.modelgate.policy.fallback.FallbackSettings;
import dev.modelgate.policy.retry.RetrySettings;
import dev.modelgate.provider.spi.Secret;
import dev.modelgate.route.SelectionStrategy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResilienceConfigTest {
  private static final String UPSTREAMS =
      """
      upstreams:
        - name: a
          type: echo
        - name: pool
          type: openai
          base_url: http://127.0.0.1:1/v1
          api_keys: [k1, k2]
          key_cooldown: 30s
      """;

  private static GatewayConfig parse(String routes) {
    return ConfigLoader.parse(
        (UPSTREAMS + routes).getBytes(StandardCharsets.UTF_8), name -> null, Path.of("data"));
  }

  private static List<String> problems(String routes) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(routes));
    assertThat(e).as("expected the configuration to be rejected").isNotNull();
    return e.problems();
  }

  @Test
  void everyRouteKeyIsRead() {
    GatewayConfig config =
        parse(
            """
            routes:
              - model: main
                strategy: weighted
                targets: [{upstream: a, weight: 3}, {upstream: pool, model: x}]
                retry: {attempts: 4, backoff: 50ms, max_backoff: 2s, deadline: 20s, target: same}
                breaker: {consecutive_failures: 3, failure_rate: 0.4, window: 10, min_calls: 5, cool_down: 15s}
                cache: {ttl: 1m, scope: team, max_entries: 50, stale_for: 1h}
                fallback:
                  order: [default, models]
                  models: [mini]
                  default_answer: Busy.
                  on_content_filter: true
              - model: mini
                targets: [{upstream: a}]
            """);
    GatewayConfig.RouteSpec main = config.routes().getFirst();
    GatewayConfig.Resilience r = main.resilience();
    assertThat(main.targets().getFirst().weight()).isEqualTo(3);
    assertThat(main.targets().get(1).weight()).isEqualTo(1);
    assertThat(r.strategy()).isEqualTo(SelectionStrategy.WEIGHTED);
    assertThat(r.retry())
        .isEqualTo(
            new RetrySettings(
                4, Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofSeconds(20), false));
    assertThat(r.breaker()).isEqualTo(new BreakerSettings(3, 0.4, 10, 5, Duration.ofSeconds(15)));
    assertThat(r.cache())
        .isEqualTo(
            new CacheSettings(Duration.ofMinutes(1), CacheScope.TEAM, 50, Duration.ofHours(1)));
    assertThat(r.fallback())
        .isEqualTo(
            new FallbackSettings(
                List.of(FallbackLevel.DEFAULT, FallbackLevel.MODELS),
                List.of("mini"),
                "Busy.",
                true,
                false));
    assertThat(config.routes().get(1).resilience()).isEqualTo(GatewayConfig.Resilience.NONE);
    assertThat(config.upstreams().get(1).keyPool())
        .isEqualTo(
            new GatewayConfig.KeyPoolSpec(
                List.of(new Secret("k1"), new Secret("k2")), Duration.ofSeconds(30)));
  }

  @Test
  void withoutAnOrderTheConfiguredLevelsGoInTheUsualOrder() {
    GatewayConfig config =
        parse(
            """
            routes:
              - model: main
                targets: [{upstream: a}]
                cache: {ttl: 0s}
                fallback: {default_answer: Busy.}
            """);
    assertThat(config.routes().getFirst().resilience().fallback().order())
        .containsExactly(FallbackLevel.CACHE, FallbackLevel.DEFAULT);
  }

  @Test
  void mistakesAreReportedWithTheirPath() {
    assertThat(
            problems(
                """
                routes:
                  - model: main
                    strategy: fastest
                    targets: [{upstream: a, weight: 0}]
                    retry: {attempts: 0, target: other}
                    breaker: {failure_rate: 2}
                    cache: {scope: everyone}
                    fallback:
                      order: [models, cache, default, cache]
                      models: [main, nowhere]
                """))
        .containsExactlyInAnyOrder(
            "routes[0].targets[0].weight: must be between 1 and 1000000, not 0",
            "routes[0].strategy: must be one of ordered, weighted, least_outstanding, lowest_latency, not 'fastest'",
            "routes[0].retry.attempts: must be between 1 and 20, not 0",
            "routes[0].retry.target: must be same or next, not 'other'",
            "routes[0].breaker.failure_rate: must be between 0.01 and 1.0, not 2.0",
            "routes[0].cache.scope: must be one of key, team, global, not 'everyone'",
            "routes[0].fallback.order[2]: the default level needs fallback.default_answer",
            "routes[0].fallback.order[3]: 'cache' is listed twice",
            "routes[0].fallback.models[0]: a route cannot fall back to itself",
            "routes[0].fallback.models[1]: unknown route 'nowhere' (a route with a fixed name)");
  }

  @Test
  void aKeyPoolTakesKeysOrAKeyNotBoth() {
    List<String> problems =
        ConfigLoaderProblems.of(
            """
            upstreams:
              - name: p
                type: openai
                base_url: http://127.0.0.1:1/v1
                api_key: one
                api_keys: [two]
              - name: q
                type: openai
                base_url: http://127.0.0.1:1/v1
                key_cooldown: 1m
            """);
    assertThat(problems)
        .containsExactlyInAnyOrder(
            "upstreams[0].api_keys: use api_key or api_keys, not both",
            "upstreams[1].key_cooldown: only applies with api_keys");
  }

  /** Problems of a whole configuration document. */
  private static final class ConfigLoaderProblems {
    static List<String> of(String yaml) {
      ConfigException e =
          catchThrowableOfType(
              ConfigException.class,
              () ->
                  ConfigLoader.parse(
                      yaml.getBytes(StandardCharsets.UTF_8), name -> null, Path.of("data")));
      assertThat(e).isNotNull();
      return e.problems();
    }
  }
}

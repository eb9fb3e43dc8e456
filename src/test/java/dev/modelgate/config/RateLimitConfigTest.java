package dev.modelgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.policy.ratelimit.Limits;
import dev.modelgate.policy.ratelimit.RateLimitSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code rate_limits:} section and {@code routes[].rate_limit}: every key, path-qualified
 * errors.
 */
class RateLimitConfigTest {
  private static final String ROUTES =
      """
      upstreams:
        - {name: offline, type: echo}
      routes:
        - model: gpt-4o
          targets: [{upstream: offline}]
          rate_limit: {rpm: 600, tpm: 300000, concurrent: 20}
        - model: other
          targets: [{upstream: offline}]
      """;

  private static GatewayConfig parse(String yaml) {
    return ConfigLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), name -> null, Path.of("data"));
  }

  private static List<String> problems(String yaml) {
    return catchThrowableOfType(ConfigException.class, () -> parse(yaml)).problems();
  }

  @Test
  void everyKeyIsRead() {
    RateLimitSettings limits =
        parse(
                ROUTES
                    + """
                    rate_limits:
                      defaults: {rpm: 60}
                      keys: {ci-bot: {rpm: 600, tpm: 100000}}
                      teams: {research: {tpm: 2000000, concurrent: 50}}
                      users: {alice: {concurrent: 2}}
                      models: {gpt-4o: {rpm: 1000}}
                      default_completion_tokens: 256
                      concurrency_lease: 2m
                    """)
            .rateLimits();
    assertThat(limits.keyDefaults()).isEqualTo(new Limits(60L, null, null));
    assertThat(limits.keys()).isEqualTo(Map.of("ci-bot", new Limits(600L, 100_000L, null)));
    assertThat(limits.teams()).isEqualTo(Map.of("research", new Limits(null, 2_000_000L, 50)));
    assertThat(limits.users()).isEqualTo(Map.of("alice", new Limits(null, null, 2)));
    assertThat(limits.models()).isEqualTo(Map.of("gpt-4o", new Limits(1000L, null, null)));
    assertThat(limits.routes()).isEqualTo(Map.of("gpt-4o", new Limits(600L, 300_000L, 20)));
    assertThat(limits.defaultCompletionTokens()).isEqualTo(256);
    assertThat(limits.lease()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void withoutTheSectionThereAreNoLimits() {
    assertThat(parse("{}").rateLimits()).isEqualTo(RateLimitSettings.NONE);
  }

  @Test
  void problemsNameTheirPath() {
    assertThat(
            problems(
                """
                upstreams:
                  - {name: offline, type: echo}
                routes:
                  - model: m
                    targets: [{upstream: offline}]
                    rate_limit: {rpm: 0, burst: 3}
                rate_limits:
                  defaults: {tpm: 1.5}
                  teams: {research: {concurrent: 0}}
                  concurrency_lease: 10ms
                  global: {}
                """))
        .containsExactlyInAnyOrder(
            "routes[0].rate_limit.burst: unknown field (expected one of [concurrent, rpm, tpm])",
            "routes[0].rate_limit.rpm: must be a whole number of at least 1",
            "rate_limits.defaults.tpm: must be a whole number of at least 1",
            "rate_limits.teams.research.concurrent: must be between 1 and 1000000, not 0",
            "rate_limits.concurrency_lease: must be at least 1s",
            "rate_limits.global: unknown field (expected one of [concurrency_lease,"
                + " default_completion_tokens, defaults, keys, models, teams, users])");
  }
}

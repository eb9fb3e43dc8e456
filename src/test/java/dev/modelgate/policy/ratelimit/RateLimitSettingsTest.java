package dev.modelgate.policy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.auth.KeyLimits;
import dev.modelgate.auth.Principal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which limits a call falls under: key (its own, then by name, then defaults), team, user, model,
 * route.
 */
class RateLimitSettingsTest {
  private static final RateLimitSettings SETTINGS =
      new RateLimitSettings(
          new Limits(60L, 1000L, 4),
          Map.of("ci-bot", new Limits(600L, null, null)),
          Map.of("research", new Limits(null, 50_000L, null)),
          Map.of("alice", new Limits(null, null, 2)),
          Map.of("gpt-4o", new Limits(1000L, null, null)),
          Map.of("gpt-*", new Limits(null, null, 30)),
          RateLimitSettings.DEFAULT_COMPLETION_TOKENS,
          RateLimitSettings.DEFAULT_LEASE);

  private static List<String> describe(List<Bucket> buckets) {
    return buckets.stream()
        .map(b -> b.scope().label() + ":" + b.kind().word + ":" + b.id() + "=" + b.limit())
        .toList();
  }

  @Test
  void aStoredKeysOwnLimitsWinThenItsNamedThenTheDefaults() {
    Principal stored =
        new Principal(
            "id1",
            "ci-bot",
            List.of("*"),
            "alice",
            "research",
            new KeyLimits(null, 5000L, null, null));
    assertThat(describe(SETTINGS.bucketsFor(stored, "gpt-4o", "gpt-*")))
        .containsExactly(
            "key:rpm:id1=600",
            "key:tpm:id1=5000",
            "key:concurrent:id1=4",
            "team:tpm:research=50000",
            "user:concurrent:alice=2",
            "model:rpm:gpt-4o=1000",
            "route:concurrent:gpt-*=30");
  }

  /** A prefix pattern's bucket is shared by every model it matches, beside the exact name's. */
  @Test
  void aModelPrefixIsOneBucketForTheWholeFamily() {
    RateLimitSettings families =
        new RateLimitSettings(
            Limits.NONE,
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of(
                "qwen-max", new Limits(10L, null, null),
                "qwen-*", new Limits(2L, null, null),
                "*", new Limits(null, 9_000L, null)),
            Map.of(),
            RateLimitSettings.DEFAULT_COMPLETION_TOKENS,
            RateLimitSettings.DEFAULT_LEASE);
    Principal file = new Principal("id3", "plain", List.of("*"));
    assertThat(describe(families.bucketsFor(file, "qwen-max", "r")))
        .containsExactlyInAnyOrder(
            "model:rpm:qwen-max=10", "model:rpm:qwen-*=2", "model:tpm:*=9000");
    assertThat(describe(families.bucketsFor(file, "qwen-turbo", "r")))
        .containsExactlyInAnyOrder("model:rpm:qwen-*=2", "model:tpm:*=9000");
    assertThat(describe(families.bucketsFor(file, "gpt-4o", "r")))
        .containsExactly("model:tpm:*=9000");
  }

  @Test
  void aFileKeyWithoutTeamOrUserGetsTheDefaults() {
    Principal file = new Principal("id2", "plain", List.of("*"));
    assertThat(describe(SETTINGS.bucketsFor(file, "other", "other")))
        .containsExactly("key:rpm:id2=60", "key:tpm:id2=1000", "key:concurrent:id2=4");
    assertThat(RateLimitSettings.NONE.bucketsFor(file, "other", "other")).isEmpty();
  }
}

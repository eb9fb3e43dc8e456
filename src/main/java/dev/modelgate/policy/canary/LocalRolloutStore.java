package dev.modelgate.policy.canary;

import dev.modelgate.shared.RedisLink;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Rollouts in this process's memory, each kept with the settings it was made for. With Redis each
 * is shared by the fleet ({@link RedisRolloutSync}) under a fingerprint of its settings and
 * candidates, so instances on the same configuration share one rollout and a changed canary starts
 * a new one.
 */
public final class LocalRolloutStore implements RolloutStore {
  private record Kept(CanarySettings settings, List<String> candidates, Rollout rollout) {}

  private final ConcurrentHashMap<String, Kept> rollouts = new ConcurrentHashMap<>();
  private final Clock clock;
  private final @Nullable RedisLink shared;

  public LocalRolloutStore(Clock clock) {
    this(clock, null);
  }

  /** Rollouts shared through {@code shared} (null: this process only). */
  public LocalRolloutStore(Clock clock, @Nullable RedisLink shared) {
    this.clock = clock;
    this.shared = shared;
  }

  @Override
  public Rollout open(String route, CanarySettings settings, List<String> candidates) {
    return rollouts
        .compute(
            route,
            (name, kept) ->
                kept != null
                        && kept.settings().equals(settings)
                        && kept.candidates().equals(candidates)
                    ? kept
                    : new Kept(
                        settings,
                        List.copyOf(candidates),
                        new LocalRollout(
                            route, settings, clock, sync(route, settings, candidates))))
        .rollout();
  }

  private @Nullable RedisRolloutSync sync(
      String route, CanarySettings settings, List<String> candidates) {
    if (shared == null) {
      return null;
    }
    return new RedisRolloutSync(shared, route, fingerprint(settings + "\n" + candidates));
  }

  private static String fingerprint(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  @Override
  public @Nullable Rollout find(String route) {
    Kept kept = rollouts.get(route);
    return kept == null ? null : kept.rollout();
  }

  @Override
  public void retain(Set<String> routes) {
    rollouts.keySet().retainAll(routes);
  }
}

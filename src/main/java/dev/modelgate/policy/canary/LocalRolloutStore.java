package dev.modelgate.policy.canary;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** Rollouts in this process's memory, each kept with the settings it was made for. */
public final class LocalRolloutStore implements RolloutStore {
  private record Kept(CanarySettings settings, List<String> candidates, Rollout rollout) {}

  private final ConcurrentHashMap<String, Kept> rollouts = new ConcurrentHashMap<>();
  private final Clock clock;

  public LocalRolloutStore(Clock clock) {
    this.clock = clock;
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
                        new LocalRollout(route, settings, clock)))
        .rollout();
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

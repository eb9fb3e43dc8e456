package dev.modelgate.policy.canary;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where rollouts are kept, by route, across configuration reloads: a reload that leaves a route's
 * canary as it was keeps its stage, figures and history ({@link LocalRolloutStore}, whose rollouts
 * the fleet shares when Redis is configured).
 */
public interface RolloutStore {
  /**
   * The rollout of {@code route}: the kept one when its settings and candidate targets are
   * unchanged, otherwise a new one at the first stage.
   */
  Rollout open(String route, CanarySettings settings, List<String> candidates);

  @Nullable Rollout find(String route);

  /** Forgets the rollouts of routes not in {@code routes} (removed, or without a canary now). */
  void retain(Set<String> routes);
}

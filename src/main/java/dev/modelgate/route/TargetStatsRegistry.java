package dev.modelgate.route;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Selection numbers by target ({@code endpoint/model}), kept across configuration reloads: a reload
 * that keeps a target keeps its in-flight count and latency average.
 */
public final class TargetStatsRegistry {
  private final Map<String, TargetStats> stats = new ConcurrentHashMap<>();

  public TargetStats of(Target target) {
    return stats.computeIfAbsent(target.toString(), key -> new TargetStats());
  }

  /** Forgets targets no route uses any more (their in-flight calls still end on their object). */
  public void retain(Collection<String> targets) {
    stats.keySet().retainAll(java.util.Set.copyOf(targets));
  }
}

package dev.modelgate.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * A route's choice among the targets an attempt may use (already filtered for capability, health
 * and open circuits), by its {@link SelectionStrategy}. Weights default to 1.
 */
public final class TargetSelector {
  /** Share of lowest-latency choices made by weight instead, so a slow target is measured again. */
  static final double EXPLORE = 0.05;

  private final SelectionStrategy strategy;
  private final Map<Target, Integer> weights;
  private final TargetStatsRegistry stats;
  private final DoubleSupplier random;

  public TargetSelector(
      SelectionStrategy strategy,
      Map<Target, Integer> weights,
      TargetStatsRegistry stats,
      DoubleSupplier random) {
    this.strategy = strategy;
    this.weights = Map.copyOf(weights);
    this.stats = stats;
    this.random = random;
  }

  /** The first usable target, with numbers of its own (a route built without configuration). */
  public static TargetSelector ordered() {
    return new TargetSelector(
        SelectionStrategy.ORDERED, Map.of(), new TargetStatsRegistry(), () -> 0);
  }

  public SelectionStrategy strategy() {
    return strategy;
  }

  public TargetStats stats(Target target) {
    return stats.of(target);
  }

  public int weight(Target target) {
    return weights.getOrDefault(target, 1);
  }

  /** One of {@code candidates}, which must not be empty. */
  public Target choose(List<Target> candidates) {
    if (candidates.size() == 1) {
      return candidates.getFirst();
    }
    return switch (strategy) {
      case ORDERED -> candidates.getFirst();
      case WEIGHTED -> byWeight(candidates);
      case LEAST_OUTSTANDING -> byWeight(fewestInFlight(candidates));
      case LOWEST_LATENCY -> fastest(candidates);
    };
  }

  private Target byWeight(List<Target> candidates) {
    long total = 0;
    for (Target target : candidates) {
      total += weight(target);
    }
    double point = random.getAsDouble() * total;
    for (Target target : candidates) {
      point -= weight(target);
      if (point < 0) {
        return target;
      }
    }
    return candidates.getLast();
  }

  private List<Target> fewestInFlight(List<Target> candidates) {
    int least = Integer.MAX_VALUE;
    List<Target> fewest = new ArrayList<>();
    for (Target target : candidates) {
      int inFlight = stats.of(target).outstanding();
      if (inFlight < least) {
        least = inFlight;
        fewest.clear();
      }
      if (inFlight == least) {
        fewest.add(target);
      }
    }
    return fewest;
  }

  /** An unmeasured target first (to learn its latency), else the lowest average. */
  private Target fastest(List<Target> candidates) {
    if (random.getAsDouble() < EXPLORE) {
      return byWeight(candidates);
    }
    Target best = candidates.getFirst();
    double bestMillis = Double.MAX_VALUE;
    for (Target target : candidates) {
      double millis = stats.of(target).latencyMillis();
      if (Double.isNaN(millis)) {
        return target;
      }
      if (millis < bestMillis) {
        bestMillis = millis;
        best = target;
      }
    }
    return best;
  }
}

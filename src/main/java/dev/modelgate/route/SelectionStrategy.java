package dev.modelgate.route;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** How a route picks one of the targets an attempt may use. */
public enum SelectionStrategy {
  /** The first usable target in configured order (a primary and its spares). */
  ORDERED,
  /** A random target, in proportion to the targets' weights. */
  WEIGHTED,
  /** The target with the fewest requests in flight; ties by weight. */
  LEAST_OUTSTANDING,
  /** The target with the lowest recent latency (an exponentially weighted moving average). */
  LOWEST_LATENCY;

  /** The name in configuration: {@code ordered}, {@code least_outstanding}, ... */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static @Nullable SelectionStrategy fromConfig(String name) {
    for (SelectionStrategy strategy : values()) {
      if (strategy.configName().equals(name)) {
        return strategy;
      }
    }
    return null;
  }
}

package dev.modelgate.route;

/** How a route picks one of the targets an attempt may use. */
public enum SelectionStrategy {
  /** The first usable target in configured order (a primary and its spares). */
  ORDERED,
  /** A random target, in proportion to the targets' weights. */
  WEIGHTED,
  /** The target with the fewest requests in flight; ties by weight. */
  LEAST_OUTSTANDING,
  /** The target with the lowest recent latency (an exponentially weighted moving average). */
  LOWEST_LATENCY
}

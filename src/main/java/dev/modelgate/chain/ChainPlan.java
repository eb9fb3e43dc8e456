package dev.modelgate.chain;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one place where the order of policies is written down. The full order, outermost first, is:
 * rate limit, budget, guardrail, cache, canary/shadow, fallback, retry; then per attempt: breaker,
 * dispatch. Each policy joins this list in the issue that builds it; configuration only switches
 * them on and tunes them.
 */
public final class ChainPlan {
  private static final Dispatch DISPATCH = new Dispatch();

  private ChainPlan() {}

  /**
   * The policies one route switches on, each null when off. Canary comes before shadow so that a
   * mirrored call never passes through the canary (it would be counted as a side's traffic).
   */
  public record RoutePolicies(@Nullable Policy canary, @Nullable Policy shadow) {
    public static final RoutePolicies NONE = new RoutePolicies(null, null);
  }

  /** The chain of a route that switches no policy on. */
  public static Chain build() {
    return build(RoutePolicies.NONE);
  }

  /** The chain for a route with the given policies switched on, in the fixed order. */
  public static Chain build(RoutePolicies on) {
    List<Policy> ordered = new ArrayList<>();
    addIfOn(ordered, on.canary());
    addIfOn(ordered, on.shadow());
    return new Chain(ordered, DISPATCH);
  }

  private static void addIfOn(List<Policy> ordered, @Nullable Policy policy) {
    if (policy != null) {
      ordered.add(policy);
    }
  }
}

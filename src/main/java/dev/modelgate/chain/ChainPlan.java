package dev.modelgate.chain;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one place where the order of policies is written down. The full order, outermost first, is:
 * rate limit, budget, guardrail, cache, canary/shadow, fallback, retry; then per attempt: breaker,
 * dispatch. Each policy joins this list in the issue that builds it; configuration only switches
 * them on and tunes them. Built so far: budget, cache, canary, shadow, fallback, retry, breaker.
 */
public final class ChainPlan {
  private ChainPlan() {}

  /**
   * The policies one route switches on, each null when off, in the order they run. The cache is
   * outside fallback so that a fallback's answer is never stored as the route's own; canary comes
   * before shadow so that a mirrored call never passes through the canary (it would be counted as a
   * side's traffic); retry is inside fallback so that every fallback model gets its retries; the
   * breaker is per attempt, so each attempt's target counts. The budget comes first of these (after
   * the rate limit, before the guardrail): a call over budget costs nothing further.
   */
  public record RoutePolicies(
      @Nullable Policy budget,
      @Nullable Policy cache,
      @Nullable Policy canary,
      @Nullable Policy shadow,
      @Nullable Policy fallback,
      @Nullable Policy retry,
      @Nullable Policy breaker) {
    public static final RoutePolicies NONE = new RoutePolicies(null, null, null, null, null, null);

    /** A route's own policies, without the governance ones (budget) that apply to every route. */
    public RoutePolicies(
        @Nullable Policy cache,
        @Nullable Policy canary,
        @Nullable Policy shadow,
        @Nullable Policy fallback,
        @Nullable Policy retry,
        @Nullable Policy breaker) {
      this(null, cache, canary, shadow, fallback, retry, breaker);
    }

    /** These policies with the budget policy switched on. */
    public RoutePolicies withBudget(@Nullable Policy on) {
      return new RoutePolicies(on, cache, canary, shadow, fallback, retry, breaker);
    }
  }

  /** The chain of a route that switches no policy on. */
  public static Chain build() {
    return build(RoutePolicies.NONE);
  }

  /** The chain for a route with the given policies switched on, in the fixed order. */
  public static Chain build(RoutePolicies on) {
    List<Policy> ordered = new ArrayList<>();
    addIfOn(ordered, on.budget());
    addIfOn(ordered, on.cache());
    addIfOn(ordered, on.canary());
    addIfOn(ordered, on.shadow());
    addIfOn(ordered, on.fallback());
    addIfOn(ordered, on.retry());
    addIfOn(ordered, on.breaker());
    List<TargetGate> gates = new ArrayList<>();
    for (Policy policy : ordered) {
      if (policy instanceof TargetGate gate) {
        gates.add(gate);
      }
    }
    return new Chain(ordered, new Dispatch(gates));
  }

  private static void addIfOn(List<Policy> ordered, @Nullable Policy policy) {
    if (policy != null) {
      ordered.add(policy);
    }
  }
}

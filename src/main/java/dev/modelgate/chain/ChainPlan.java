package dev.modelgate.chain;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one place where the order of policies is written down. The full order, outermost first, is:
 * rate limit, budget, guardrail, cache, canary/shadow, fallback, retry; then per attempt: breaker,
 * dispatch. Each policy joins this list in the issue that builds it; configuration only switches
 * them on and tunes them. Built so far: guardrail, cache, canary, shadow, JSON mode, fallback,
 * retry, breaker. JSON mode (the JSON guarantee) sits after shadow and before fallback: inside the
 * cache, so what is stored is the checked answer and a hit needs no new check; outside fallback and
 * retry, so whichever target or level answered is checked once, and its corrective request gets the
 * route's retries and fallbacks; inside canary and shadow, so a corrective request stays on the
 * canary side the call was given and is not mirrored a second time. The guardrail is outside the
 * cache, so a cached answer is checked for the key asking now, and a blocked prompt never reaches
 * the cache's key or store.
 */
public final class ChainPlan {
  private ChainPlan() {}

  /**
   * The policies one route switches on, each null when off, in the order they run. The cache is
   * outside fallback so that a fallback's answer is never stored as the route's own; canary comes
   * before shadow so that a mirrored call never passes through the canary (it would be counted as a
   * side's traffic); retry is inside fallback so that every fallback model gets its retries; the
   * breaker is per attempt, so each attempt's target counts.
   */
  public record RoutePolicies(
      @Nullable Policy guardrail,
      @Nullable Policy cache,
      @Nullable Policy canary,
      @Nullable Policy shadow,
      @Nullable Policy jsonMode,
      @Nullable Policy fallback,
      @Nullable Policy retry,
      @Nullable Policy breaker) {
    public static final RoutePolicies NONE = new RoutePolicies(null, null, null, null, null, null);

    /** The resilience and traffic policies alone (no guardrail, no JSON mode). */
    public RoutePolicies(
        @Nullable Policy cache,
        @Nullable Policy canary,
        @Nullable Policy shadow,
        @Nullable Policy fallback,
        @Nullable Policy retry,
        @Nullable Policy breaker) {
      this(null, cache, canary, shadow, null, fallback, retry, breaker);
    }

    /** These policies with the guardrail and JSON mode set. */
    public RoutePolicies withChecks(@Nullable Policy newGuardrail, @Nullable Policy newJsonMode) {
      return new RoutePolicies(
          newGuardrail, cache, canary, shadow, newJsonMode, fallback, retry, breaker);
    }
  }

  /** The chain of a route that switches no policy on. */
  public static Chain build() {
    return build(RoutePolicies.NONE);
  }

  /** The chain for a route with the given policies switched on, in the fixed order. */
  public static Chain build(RoutePolicies on) {
    List<Policy> ordered = new ArrayList<>();
    addIfOn(ordered, on.guardrail());
    addIfOn(ordered, on.cache());
    addIfOn(ordered, on.canary());
    addIfOn(ordered, on.shadow());
    addIfOn(ordered, on.jsonMode());
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

package dev.modelgate.chain;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one place where the order of policies is written down. The full order, outermost first, is:
 * rate limit, budget, guardrail, cache, canary, shadow, JSON mode, fallback, retry; then per
 * attempt: breaker, dispatch. Configuration only switches them on and tunes them.
 */
public final class ChainPlan {
  private ChainPlan() {}

  /**
   * The policies one route switches on, each null when off, in the order they run.
   *
   * <p>The rate limit is outermost so that a refused call costs nothing further, and a cache hit
   * still counts; the budget follows it, so a call over budget is refused before any work. The
   * guardrail is outside the cache, so a cached answer is checked for the key asking now, and a
   * blocked prompt never reaches the cache's key or store. The cache is outside fallback so that a
   * fallback's answer is never stored as the route's own; canary comes before shadow so that a
   * mirrored call never passes through the canary (it would be counted as a side's traffic). JSON
   * mode (the JSON guarantee) sits after shadow and before fallback: inside the cache, so what is
   * stored is the checked answer; outside fallback and retry, so whichever target or level answered
   * is checked once, and its corrective request gets the route's retries and fallbacks; inside
   * canary and shadow, so a corrective request stays on the canary side the call was given and is
   * not mirrored twice. Retry is inside fallback so that every fallback model gets its retries; the
   * breaker is per attempt, so each attempt's target counts.
   */
  public record RoutePolicies(
      @Nullable Policy rateLimit,
      @Nullable Policy budget,
      @Nullable Policy guardrail,
      @Nullable Policy cache,
      @Nullable Policy canary,
      @Nullable Policy shadow,
      @Nullable Policy jsonMode,
      @Nullable Policy fallback,
      @Nullable Policy retry,
      @Nullable Policy breaker) {
    public static final RoutePolicies NONE = new RoutePolicies(null, null, null, null, null, null);

    /** The resilience and traffic policies alone (no governance, no response checks). */
    public RoutePolicies(
        @Nullable Policy cache,
        @Nullable Policy canary,
        @Nullable Policy shadow,
        @Nullable Policy fallback,
        @Nullable Policy retry,
        @Nullable Policy breaker) {
      this(null, null, null, cache, canary, shadow, null, fallback, retry, breaker);
    }

    /** These policies with {@code limit} as the rate limit. */
    public RoutePolicies withRateLimit(@Nullable Policy limit) {
      return new RoutePolicies(
          limit, budget, guardrail, cache, canary, shadow, jsonMode, fallback, retry, breaker);
    }

    /** These policies with the budget policy switched on. */
    public RoutePolicies withBudget(@Nullable Policy on) {
      return new RoutePolicies(
          rateLimit, on, guardrail, cache, canary, shadow, jsonMode, fallback, retry, breaker);
    }

    /** These policies with the guardrail and JSON mode set. */
    public RoutePolicies withChecks(@Nullable Policy newGuardrail, @Nullable Policy newJsonMode) {
      return new RoutePolicies(
          rateLimit,
          budget,
          newGuardrail,
          cache,
          canary,
          shadow,
          newJsonMode,
          fallback,
          retry,
          breaker);
    }
  }

  /** The chain of a route that switches no policy on. */
  public static Chain build() {
    return build(RoutePolicies.NONE);
  }

  /** The chain for a route with the given policies switched on, in the fixed order. */
  public static Chain build(RoutePolicies on) {
    List<Policy> ordered = new ArrayList<>();
    for (Policy policy :
        new Policy[] {
          on.rateLimit(),
          on.budget(),
          on.guardrail(),
          on.cache(),
          on.canary(),
          on.shadow(),
          on.jsonMode(),
          on.fallback(),
          on.retry(),
          on.breaker()
        }) {
      if (policy != null) {
        ordered.add(policy);
      }
    }
    List<TargetGate> gates = new ArrayList<>();
    for (Policy policy : ordered) {
      if (policy instanceof TargetGate gate) {
        gates.add(gate);
      }
    }
    return new Chain(ordered, new Dispatch(gates));
  }
}

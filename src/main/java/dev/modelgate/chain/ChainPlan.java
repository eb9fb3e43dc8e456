package dev.modelgate.chain;

import java.util.ArrayList;
import java.util.List;

/**
 * The one place where the order of policies is written down. The full order, outermost first, is:
 * rate limit, budget, guardrail, cache, canary/shadow, fallback, retry; then per attempt: breaker,
 * dispatch. Each policy joins this list in the issue that builds it; configuration only switches
 * them on and tunes them.
 */
public final class ChainPlan {
  private static final Dispatch DISPATCH = new Dispatch();

  private ChainPlan() {}

  /** The chain for a route with the given policies switched on (none exist yet beyond dispatch). */
  public static Chain build() {
    List<Policy> ordered = new ArrayList<>();
    return new Chain(ordered, DISPATCH);
  }
}

package dev.modelgate.chain;

import dev.modelgate.route.Target;

/**
 * A policy that may keep targets out of the next attempt's choice (a circuit breaker that is open):
 * such a target is skipped, not tried. {@link ChainPlan} hands every gate of a chain to Dispatch.
 */
public interface TargetGate {
  boolean admits(Target target);
}

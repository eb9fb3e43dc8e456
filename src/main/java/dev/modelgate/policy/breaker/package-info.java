/**
 * Circuit breakers, one per route and target: a target whose attempts keep failing is skipped, not
 * tried, until a cool-down has passed; then trial calls decide whether it is back. Breakers outlive
 * configuration reloads and show their state as a gauge. Depends on the chain, the routes, the
 * errors and Micrometer.
 */
@NullMarked
package dev.modelgate.policy.breaker;

import org.jspecify.annotations.NullMarked;

package dev.modelgate.policy.breaker;

import java.time.Duration;

/**
 * When a route's circuit breakers open and for how long.
 *
 * @param consecutiveFailures failures in a row that open the circuit
 * @param failureRate the share of failures among the last {@code window} attempts that opens it
 * @param window how many recent attempts the rate is taken over
 * @param minCalls attempts the window must hold before the rate counts
 * @param coolDown how long an open circuit stays open before trial calls go through (half-open)
 */
public record BreakerSettings(
    int consecutiveFailures, double failureRate, int window, int minCalls, Duration coolDown) {

  public static final BreakerSettings DEFAULT =
      new BreakerSettings(5, 0.5, 20, 10, Duration.ofSeconds(30));
}

package dev.modelgate.policy.canary;

import java.time.Duration;

/**
 * How one request on one side went: failed (by the target's fault), or answered in {@code latency}
 * with its first output after {@code timeToFirstToken}.
 */
public record Outcome(boolean failed, Duration latency, Duration timeToFirstToken) {
  public static Outcome failure() {
    return new Outcome(true, Duration.ZERO, Duration.ZERO);
  }

  public static Outcome success(Duration latency, Duration timeToFirstToken) {
    return new Outcome(false, latency, timeToFirstToken);
  }
}

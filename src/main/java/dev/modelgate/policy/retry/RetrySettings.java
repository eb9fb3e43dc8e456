package dev.modelgate.policy.retry;

import java.time.Duration;

/**
 * A route's retry configuration.
 *
 * @param attempts attempts in all, the first included (1 switches retry off)
 * @param backoff the backoff before the first retry; it doubles with each further one
 * @param maxBackoff the cap of the doubled backoff
 * @param deadline how long after the call began a retry may still start
 * @param nextTarget whether a retry goes to another target of the route when there is one
 */
public record RetrySettings(
    int attempts, Duration backoff, Duration maxBackoff, Duration deadline, boolean nextTarget) {

  public static final RetrySettings DEFAULT =
      new RetrySettings(
          3, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(60), true);
}

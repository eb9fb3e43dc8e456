package dev.modelgate.policy.retry;

import dev.modelgate.error.GatewayException;
import dev.modelgate.error.RateLimited;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The wait before a retry: exponential backoff with full jitter (a uniformly random wait between
 * zero and the doubled backoff, so that clients failing together do not retry together), but never
 * shorter than the delay the upstream asked for.
 */
final class Backoff {
  private Backoff() {}

  /** The wait after {@code failures} failed attempts; {@code random} is uniform in [0, 1). */
  static Duration delay(RetrySettings settings, int failures, double random, GatewayException e) {
    Duration ceiling = ceiling(settings, failures);
    Duration jittered = Duration.ofNanos((long) (ceiling.toNanos() * random));
    Duration asked = askedFor(e);
    return asked != null && asked.compareTo(jittered) > 0 ? asked : jittered;
  }

  /** {@code backoff * 2^(failures-1)}, at most {@code maxBackoff}. */
  static Duration ceiling(RetrySettings settings, int failures) {
    long base = settings.backoff().toNanos();
    long cap = settings.maxBackoff().toNanos();
    int doublings = Math.min(Math.max(failures - 1, 0), 62);
    if (base > 0 && base > (cap >> doublings)) {
      return settings.maxBackoff();
    }
    return Duration.ofNanos(Math.min(cap, base << doublings));
  }

  /** The delay the upstream asked for (Retry-After, retry-after-ms), when the error carries one. */
  private static @Nullable Duration askedFor(GatewayException e) {
    return e instanceof RateLimited limited ? limited.retryAfter() : null;
  }
}

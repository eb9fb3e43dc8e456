package dev.modelgate.policy.ratelimit;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a call's charges: admitted or not (all or nothing); when refused, the bucket that
 * refused and how long until it could admit the call (null: never, the call is larger than the
 * limit); the state of every bucket for the rate-limit headers; and whether it was decided by the
 * local fallback because the fleet's Redis was down.
 */
record Admission(
    boolean admitted,
    @Nullable Bucket refusedBy,
    @Nullable Duration retryAfter,
    List<State> states,
    boolean fallback) {

  /** This admission, decided by the local fallback. */
  Admission asFallback() {
    return new Admission(admitted, refusedBy, retryAfter, states, true);
  }

  /** A bucket after the call: the limit in force here, what remains, and ms until full again. */
  record State(Bucket bucket, long limit, long remaining, long resetMillis) {}
}

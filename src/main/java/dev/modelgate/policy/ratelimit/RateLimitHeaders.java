package dev.modelgate.policy.ratelimit;

import dev.modelgate.chain.Call;
import java.util.Comparator;
import java.util.Optional;

/**
 * OpenAI's rate-limit headers, on answers and on 429s alike: {@code x-ratelimit-limit-requests},
 * {@code -remaining-requests}, {@code -reset-requests} and the same for tokens, from the tightest
 * bucket of each kind (the one with least remaining). Resets are written as OpenAI writes them
 * ({@code 20ms}, {@code 1.5s}, {@code 6m0s}).
 */
final class RateLimitHeaders {
  private RateLimitHeaders() {}

  static void set(Call call, Admission admission) {
    set(call, admission, Bucket.Kind.REQUESTS, "requests");
    set(call, admission, Bucket.Kind.TOKENS, "tokens");
  }

  private static void set(Call call, Admission admission, Bucket.Kind kind, String suffix) {
    Optional<Admission.State> tightest =
        admission.states().stream()
            .filter(state -> state.bucket().kind() == kind)
            .min(Comparator.comparingLong(Admission.State::remaining));
    tightest.ifPresent(
        state -> {
          call.responseHeader("x-ratelimit-limit-" + suffix, Long.toString(state.limit()));
          call.responseHeader(
              "x-ratelimit-remaining-" + suffix, Long.toString(Math.max(0, state.remaining())));
          call.responseHeader("x-ratelimit-reset-" + suffix, duration(state.resetMillis()));
        });
  }

  /**
   * A duration as OpenAI's headers write it: {@code 0s}, {@code 20ms}, {@code 1.5s}, {@code 6m0s}.
   */
  static String duration(long millis) {
    if (millis <= 0) {
      return "0s";
    }
    if (millis < 1000) {
      return millis + "ms";
    }
    StringBuilder out = new StringBuilder();
    long hours = millis / 3_600_000;
    long minutes = millis / 60_000 % 60;
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    long ms = millis % 60_000;
    out.append(ms / 1000);
    if (ms % 1000 != 0) {
      out.append('.')
          .append(String.format(java.util.Locale.ROOT, "%03d", ms % 1000).replaceAll("0+$", ""));
    }
    return out.append('s').toString();
  }
}

package dev.modelgate.policy.ratelimit;

import org.jspecify.annotations.Nullable;

/** Requests per minute, tokens per minute and concurrent calls; null is no limit. */
public record Limits(@Nullable Long rpm, @Nullable Long tpm, @Nullable Integer concurrent) {
  public static final Limits NONE = new Limits(null, null, null);

  /** These limits, each one missing taken from {@code fallback}. */
  public Limits orElse(Limits fallback) {
    return new Limits(
        rpm != null ? rpm : fallback.rpm,
        tpm != null ? tpm : fallback.tpm,
        concurrent != null ? concurrent : fallback.concurrent);
  }
}

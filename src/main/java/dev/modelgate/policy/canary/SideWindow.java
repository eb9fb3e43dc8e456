package dev.modelgate.policy.canary;

import java.util.Arrays;

/**
 * One side's counts in the current stage, with the latest {@link #SAMPLES} latencies and times to
 * first token of successful requests in ring buffers (failures fail fast and would make the side
 * look quicker). Not thread-safe: the rollout guards it.
 */
final class SideWindow {
  static final int SAMPLES = 1000;

  private long requests;
  private long errors;
  private final long[] latencies = new long[SAMPLES];
  private final long[] ttfts = new long[SAMPLES];
  private long samples;

  void record(Outcome outcome) {
    requests++;
    if (outcome.failed()) {
      errors++;
      return;
    }
    int slot = (int) (samples % SAMPLES);
    latencies[slot] = outcome.latency().toNanos() / 1000;
    ttfts[slot] = outcome.timeToFirstToken().toNanos() / 1000;
    samples++;
  }

  SideStats stats() {
    int filled = (int) Math.min(samples, SAMPLES);
    return new SideStats(requests, errors, p95(latencies, filled), p95(ttfts, filled));
  }

  /** The nearest-rank 95th percentile of the first {@code filled} values. */
  static long p95(long[] values, int filled) {
    if (filled == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(values, filled);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(0.95 * filled);
    return sorted[rank - 1];
  }
}

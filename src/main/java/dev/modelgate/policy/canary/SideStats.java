package dev.modelgate.policy.canary;

/**
 * One side's figures in the current stage: requests, failures, and the 95th percentiles of latency
 * and time to first token over the latest successful requests (in microseconds; 0 without any).
 */
public record SideStats(long requests, long errors, long p95LatencyMicros, long p95TtftMicros) {
  public static final SideStats EMPTY = new SideStats(0, 0, 0, 0);

  public double errorRate() {
    return requests == 0 ? 0 : (double) errors / requests;
  }
}

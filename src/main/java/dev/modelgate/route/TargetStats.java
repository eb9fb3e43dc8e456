package dev.modelgate.route;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What selection knows of one target right now: requests in flight, and an exponentially weighted
 * moving average of its latency (to the first output for a stream). Shared by every route and
 * snapshot that uses the target, so a reload keeps it.
 */
public final class TargetStats {
  /** Weight of the newest sample: about the last five calls dominate. */
  static final double ALPHA = 0.3;

  private final AtomicInteger outstanding = new AtomicInteger();
  private double latencyMillis = Double.NaN;

  public void begin() {
    outstanding.incrementAndGet();
  }

  public void end() {
    outstanding.decrementAndGet();
  }

  public int outstanding() {
    return outstanding.get();
  }

  public synchronized void latency(Duration sample) {
    double millis = sample.toNanos() / 1e6;
    latencyMillis =
        Double.isNaN(latencyMillis) ? millis : ALPHA * millis + (1 - ALPHA) * latencyMillis;
  }

  /** The moving average in milliseconds, or NaN before the first sample. */
  public synchronized double latencyMillis() {
    return latencyMillis;
  }
}

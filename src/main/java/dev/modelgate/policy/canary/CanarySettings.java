package dev.modelgate.policy.canary;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a route's canary runs: its stages in order, the bounds the candidate must stay within to be
 * promoted, where the sticky key comes from, and the header testers use to force a side.
 *
 * @param automatic whether the gateway promotes and rolls back on its own (false: by hand only)
 */
public record CanarySettings(
    List<Stage> stages,
    Bounds bounds,
    StickySource sticky,
    @Nullable String stickyHeader,
    String forceHeader,
    boolean automatic) {

  public CanarySettings {
    stages = List.copyOf(stages);
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("a canary needs at least one stage");
    }
    if (sticky == StickySource.HEADER && stickyHeader == null) {
      throw new IllegalArgumentException("a header sticky source needs the header's name");
    }
  }

  /**
   * One step of the rollout: the candidate's share of traffic in percent, and how long and on how
   * many candidate requests it must be judged before it is promoted.
   */
  public record Stage(double percent, Duration minDuration, long minRequests) {}

  /**
   * How much worse than the stable side the candidate may be: its error rate by at most {@code
   * maxErrorRateIncrease} (absolute, 0.02 = two percentage points), its p95 latency and p95 time to
   * first token by at most the given ratios of the stable side's, plus {@code latencySlack} so that
   * millisecond noise on fast answers does not count.
   */
  public record Bounds(
      double maxErrorRateIncrease,
      double maxLatencyRatio,
      double maxTtftRatio,
      Duration latencySlack) {}

  /** What the sticky split hashes: the client key, the request's {@code user}, or a header. */
  public enum StickySource {
    KEY,
    USER,
    HEADER
  }
}

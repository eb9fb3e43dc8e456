package dev.modelgate.policy.canary;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Judges a stage from both sides' figures. The candidate is rolled back as soon as, on a sample of
 * at least the stage's minimum requests on each side, its error rate, p95 latency or p95 time to
 * first token is out of bounds; it is promoted when it stayed within them for the stage's minimum
 * duration. A pure function, so the rules are tested without a gateway.
 */
public final class RolloutJudge {
  private RolloutJudge() {}

  /** What to do with the current stage. */
  public sealed interface Verdict {
    String reason();
  }

  /** Not enough evidence yet, or not long enough. */
  public record Hold(String reason) implements Verdict {}

  public record Promote(String reason) implements Verdict {}

  public record Rollback(String reason) implements Verdict {}

  /**
   * @param stable the stable side's figures to compare with (this stage's, or the last stage's when
   *     the stable side gets too little traffic now), or null when there are none
   */
  public static Verdict judge(
      CanarySettings.Stage stage,
      CanarySettings.Bounds bounds,
      SideStats candidate,
      @Nullable SideStats stable,
      Duration elapsed) {
    if (candidate.requests() < stage.minRequests()) {
      return new Hold(
          "waiting for "
              + stage.minRequests()
              + " candidate requests ("
              + candidate.requests()
              + " so far)");
    }
    if (stable == null || stable.requests() < stage.minRequests()) {
      return new Hold("waiting for " + stage.minRequests() + " stable requests to compare with");
    }
    List<String> violations = violations(bounds, candidate, stable);
    if (!violations.isEmpty()) {
      return new Rollback(String.join("; ", violations));
    }
    String figures = figures(candidate, stable);
    if (elapsed.compareTo(stage.minDuration()) < 0) {
      return new Hold("within bounds, stage runs until " + stage.minDuration() + ": " + figures);
    }
    return new Promote("within bounds for " + elapsed + ": " + figures);
  }

  private static List<String> violations(
      CanarySettings.Bounds bounds, SideStats candidate, SideStats stable) {
    List<String> out = new ArrayList<>();
    if (candidate.errorRate() > stable.errorRate() + bounds.maxErrorRateIncrease()) {
      out.add(
          "candidate error rate "
              + percent(candidate.errorRate())
              + " exceeds stable "
              + percent(stable.errorRate())
              + " + "
              + percent(bounds.maxErrorRateIncrease()));
    }
    long slack = bounds.latencySlack().toNanos() / 1000;
    slower(
        "p95 latency",
        candidate.p95LatencyMicros(),
        stable.p95LatencyMicros(),
        bounds.maxLatencyRatio(),
        slack,
        out);
    slower(
        "p95 time to first token",
        candidate.p95TtftMicros(),
        stable.p95TtftMicros(),
        bounds.maxTtftRatio(),
        slack,
        out);
    return out;
  }

  private static void slower(
      String figure,
      long candidate,
      long stable,
      double ratio,
      long slackMicros,
      List<String> out) {
    if (stable > 0 && candidate > stable * ratio + slackMicros) {
      out.add(
          "candidate "
              + figure
              + " "
              + millis(candidate)
              + " exceeds "
              + ratio
              + " x stable "
              + millis(stable));
    }
  }

  private static String figures(SideStats candidate, SideStats stable) {
    return "error rate "
        + percent(candidate.errorRate())
        + " vs "
        + percent(stable.errorRate())
        + ", p95 latency "
        + millis(candidate.p95LatencyMicros())
        + " vs "
        + millis(stable.p95LatencyMicros())
        + ", p95 ttft "
        + millis(candidate.p95TtftMicros())
        + " vs "
        + millis(stable.p95TtftMicros());
  }

  private static String percent(double rate) {
    return String.format(Locale.ROOT, "%.1f%%", rate * 100);
  }

  private static String millis(long micros) {
    return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
  }
}

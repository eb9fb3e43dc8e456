package dev.modelgate.policy.canary;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where a rollout stands, changed only as a whole so instances can compare and share it. {@code
 * version} counts every change; {@code window} counts the stages entered (each starts both sides'
 * figures afresh), so the figures of a rolled-back stage stay visible.
 */
record RolloutState(
    long version,
    long window,
    RolloutStatus status,
    int stage,
    double percent,
    Instant stageStart,
    @Nullable SideStats stableReference) {

  static RolloutState first(CanarySettings settings, Instant now) {
    return new RolloutState(
        0, 0, RolloutStatus.RUNNING, 0, settings.stages().getFirst().percent(), now, null);
  }

  RolloutState withStatus(RolloutStatus next, double nextPercent) {
    return new RolloutState(
        version + 1, window, next, stage, nextPercent, stageStart, stableReference);
  }

  /** Stage {@code index} entered at {@code now}, running, with fresh figures. */
  RolloutState entering(int index, double nextPercent, Instant now, @Nullable SideStats reference) {
    return new RolloutState(
        version + 1, window + 1, RolloutStatus.RUNNING, index, nextPercent, now, reference);
  }
}

package dev.modelgate.policy.canary;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A rollout as the admin endpoint shows it.
 *
 * @param stage the index of the current stage in {@code stages} (0-based)
 * @param percent the candidate's share now (0 when rolled back)
 * @param stableReference the stable figures kept from an earlier stage, compared with when the
 *     stable side gets too little traffic in this one
 */
public record RolloutView(
    String route,
    RolloutStatus status,
    int stage,
    double percent,
    List<Double> stages,
    Instant stageStartedAt,
    SideStats stable,
    SideStats candidate,
    @Nullable SideStats stableReference,
    List<Decision> history) {

  public RolloutView {
    stages = List.copyOf(stages);
    history = List.copyOf(history);
  }
}

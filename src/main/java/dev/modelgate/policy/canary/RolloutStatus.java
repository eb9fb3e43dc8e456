package dev.modelgate.policy.canary;

import java.util.Locale;

/** Where a rollout is. */
public enum RolloutStatus {
  /** Stages are judged and advanced. */
  RUNNING,
  /** The share stays as it is and nothing is decided automatically. */
  PAUSED,
  /** The candidate gets no traffic (0%) until the rollout is resumed or advanced by hand. */
  ROLLED_BACK,
  /** The last stage was passed: the candidate keeps its share, and judging stops. */
  COMPLETED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

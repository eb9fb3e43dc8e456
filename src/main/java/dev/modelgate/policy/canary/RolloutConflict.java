package dev.modelgate.policy.canary;

/** A change by hand that the rollout's status does not allow (pausing a rolled-back rollout). */
public final class RolloutConflict extends IllegalStateException {
  public RolloutConflict(String message) {
    super(message);
  }
}

package dev.modelgate.policy.canary;

/**
 * The state of one route's rollout: its stage, both sides' figures and its decisions ({@link
 * LocalRollout}, kept in step with the fleet through Redis when it is configured).
 */
public interface Rollout {
  /** The candidate's share of traffic now, in percent. */
  double percent();

  /** Counts one request's outcome on {@code side}, and decides if the figures call for it. */
  void record(Side side, Outcome outcome);

  RolloutView view();

  /** Stops automatic decisions; the share stays. */
  void pause(String reason);

  /** Resumes automatic decisions; after a rollback, restarts at the first stage. */
  void resume(String reason);

  /** Moves to the next stage by hand (the first, after a rollback). */
  void advance(String reason);

  /** Sends all traffic to the stable side. */
  void rollback(String reason);
}

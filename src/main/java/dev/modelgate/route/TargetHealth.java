package dev.modelgate.route;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the active health check last learned of one upstream. An upstream nobody checks is always in
 * rotation; a checked one leaves after {@code unhealthyAfter} failed checks in a row and returns
 * after {@code healthyAfter} good ones.
 */
public final class TargetHealth {
  /** The health of an upstream without a check: always in rotation. */
  public static final TargetHealth UNCHECKED = new TargetHealth();

  /** What {@code /readyz} shows. */
  public enum Status {
    UNCHECKED,
    STARTING,
    HEALTHY,
    UNHEALTHY
  }

  /** A consistent view of the state, for reports. */
  public record View(
      Status status,
      int failuresInARow,
      @Nullable Instant checkedAt,
      @Nullable Instant changedAt,
      @Nullable String lastError) {}

  private volatile View view;

  private TargetHealth() {
    this.view = new View(Status.UNCHECKED, 0, null, null, null);
  }

  static TargetHealth checked() {
    TargetHealth health = new TargetHealth();
    health.view = new View(Status.STARTING, 0, null, null, null);
    return health;
  }

  /**
   * Whether calls may go to the upstream. Until its first check completes it may: a gateway that
   * starts must not refuse traffic before it has looked.
   */
  public boolean inRotation() {
    return view.status() != Status.UNHEALTHY;
  }

  public View view() {
    return view;
  }

  synchronized void passed(Instant now, int healthyAfter, int passesInARow) {
    View current = view;
    boolean recovers = current.status() != Status.HEALTHY && passesInARow >= healthyAfter;
    view =
        new View(
            recovers || current.status() == Status.HEALTHY ? Status.HEALTHY : current.status(),
            0,
            now,
            recovers ? now : current.changedAt(),
            null);
  }

  synchronized void failed(Instant now, int unhealthyAfter, String error) {
    View current = view;
    int failures = current.failuresInARow() + 1;
    boolean falls = current.status() != Status.UNHEALTHY && failures >= unhealthyAfter;
    view =
        new View(
            falls ? Status.UNHEALTHY : current.status(),
            failures,
            now,
            falls ? now : current.changedAt(),
            error);
  }
}

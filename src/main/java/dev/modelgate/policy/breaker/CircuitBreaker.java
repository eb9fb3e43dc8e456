package dev.modelgate.policy.breaker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One target's circuit: closed (calls go through), open (the target is skipped) or half-open (the
 * cool-down has passed; trial calls go through until the first outcome: a success closes the
 * circuit, a failure opens it again for another cool-down). With a {@link SharedOpen} the opening
 * is told to the other instances, and one opened elsewhere is taken over here (open for the time
 * left there), so a failing target is skipped by the whole fleet.
 */
public final class CircuitBreaker {
  /** Where the fleet sees circuits opened (Redis); the time it has left, zero when closed. */
  public interface SharedOpen {
    void opened(Duration coolDown);

    Duration openLeft();
  }

  /** The states, with the value the gauge shows. */
  public enum State {
    CLOSED(0),
    HALF_OPEN(1),
    OPEN(2);

    private final int gauge;

    State(int gauge) {
      this.gauge = gauge;
    }

    public int gauge() {
      return gauge;
    }
  }

  private final BreakerSettings settings;
  private final Clock clock;
  private final boolean[] recent;
  private final @Nullable SharedOpen shared;
  private State state = State.CLOSED;
  private Instant openedAt = Instant.EPOCH;
  private int consecutive;
  private int next;
  private int recorded;
  private int failures;

  public CircuitBreaker(BreakerSettings settings, Clock clock) {
    this(settings, clock, null);
  }

  /** A breaker whose openings {@code shared} (null: none) tells the fleet and learns from it. */
  public CircuitBreaker(BreakerSettings settings, Clock clock, @Nullable SharedOpen shared) {
    this.settings = settings;
    this.clock = clock;
    this.shared = shared;
    this.recent = new boolean[settings.window()];
  }

  public BreakerSettings settings() {
    return settings;
  }

  /** The state now: an open circuit whose cool-down has passed is half-open. */
  public synchronized State state() {
    if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(settings.coolDown()))) {
      state = State.HALF_OPEN;
    }
    return state;
  }

  /**
   * Whether an attempt may go to the target: not while this circuit is open, nor while another
   * instance has it open (Redis is asked outside the lock, so no carrier thread is pinned).
   */
  public boolean admits() {
    if (state() == State.OPEN) {
      return false;
    }
    if (shared != null) {
      Duration left = shared.openLeft();
      if (left.isPositive()) {
        openedElsewhere(left);
        return false;
      }
    }
    return true;
  }

  public synchronized void success() {
    if (state() == State.HALF_OPEN) {
      close();
      return;
    }
    consecutive = 0;
    record(false);
  }

  public void failure() {
    if (failed() && shared != null) {
      shared.opened(settings.coolDown());
    }
  }

  /** Counts a failure; true when it opened the circuit. */
  private synchronized boolean failed() {
    if (state() == State.HALF_OPEN) {
      open();
      return true;
    }
    consecutive++;
    record(true);
    boolean rateExceeded =
        recorded >= settings.minCalls() && failures >= settings.failureRate() * recorded;
    if (consecutive >= settings.consecutiveFailures() || rateExceeded) {
      open();
      return true;
    }
    return false;
  }

  /** Opened by another instance with {@code left} of its cool-down to go: the same here. */
  private synchronized void openedElsewhere(Duration left) {
    Duration passed = settings.coolDown().minus(left);
    state = State.OPEN;
    openedAt = clock.instant().minus(passed.isNegative() ? Duration.ZERO : passed);
    reset();
  }

  private void record(boolean failed) {
    if (recorded == recent.length) {
      if (recent[next]) {
        failures--;
      }
    } else {
      recorded++;
    }
    recent[next] = failed;
    if (failed) {
      failures++;
    }
    next = (next + 1) % recent.length;
  }

  private void open() {
    state = State.OPEN;
    openedAt = clock.instant();
    reset();
  }

  private void close() {
    state = State.CLOSED;
    reset();
  }

  private void reset() {
    consecutive = 0;
    recorded = 0;
    failures = 0;
    next = 0;
    java.util.Arrays.fill(recent, false);
  }
}

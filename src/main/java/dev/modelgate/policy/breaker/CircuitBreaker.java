package dev.modelgate.policy.breaker;

import java.time.Clock;
import java.time.Instant;

/**
 * One target's circuit: closed (calls go through), open (the target is skipped) or half-open (the
 * cool-down has passed; trial calls go through until the first outcome: a success closes the
 * circuit, a failure opens it again for another cool-down).
 */
public final class CircuitBreaker {
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
  private State state = State.CLOSED;
  private Instant openedAt = Instant.EPOCH;
  private int consecutive;
  private int next;
  private int recorded;
  private int failures;

  public CircuitBreaker(BreakerSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
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

  /** Whether an attempt may go to the target. */
  public boolean admits() {
    return state() != State.OPEN;
  }

  public synchronized void success() {
    if (state() == State.HALF_OPEN) {
      close();
      return;
    }
    consecutive = 0;
    record(false);
  }

  public synchronized void failure() {
    if (state() == State.HALF_OPEN) {
      open();
      return;
    }
    consecutive++;
    record(true);
    boolean rateExceeded =
        recorded >= settings.minCalls() && failures >= settings.failureRate() * recorded;
    if (consecutive >= settings.consecutiveFailures() || rateExceeded) {
      open();
    }
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

package dev.modelgate.policy.canary;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A rollout held in this process: a state machine over the stages, fed by every request's outcome.
 * Judging sorts the latency samples, so after the first judgement of a stage it runs at most every
 * {@link #JUDGE_INTERVAL} or every {@link #JUDGE_EVERY} outcomes, not on every request; a failed
 * candidate call is judged at once.
 *
 * <p>With a {@link RedisRolloutSync} the fleet shares it: outcomes are counted in Redis too and
 * judged on the fleet's figures, a decision becomes the fleet's only if no other instance decided
 * first (else this one takes theirs), and every {@link #JUDGE_INTERVAL} the state is compared with
 * Redis's. While Redis is down this instance goes on with its own figures; when it returns, a state
 * changed only here is pushed, and one changed elsewhere is taken.
 */
public final class LocalRollout implements Rollout {
  static final int HISTORY = 100;
  static final Duration JUDGE_INTERVAL = Duration.ofMillis(100);
  static final int JUDGE_EVERY = 64;

  private final String route;
  private final CanarySettings settings;
  private final Clock clock;
  private final @Nullable RedisRolloutSync sync;
  // A lock, not synchronized: virtual threads must not pin their carrier while waiting (JDK 21).
  private final ReentrantLock lock = new ReentrantLock();
  private final Deque<Decision> history = new ArrayDeque<>();
  private volatile RolloutState state;
  private SideWindow stable = new SideWindow();
  private SideWindow candidate = new SideWindow();
  private @Nullable Instant lastJudged;
  private int sinceJudged;
  private @Nullable Instant lastSynced;
  private boolean changedAlone;

  public LocalRollout(String route, CanarySettings settings, Clock clock) {
    this(route, settings, clock, null);
  }

  LocalRollout(
      String route, CanarySettings settings, Clock clock, @Nullable RedisRolloutSync sync) {
    this.route = route;
    this.settings = settings;
    this.clock = clock;
    this.sync = sync;
    this.state = RolloutState.first(settings, clock.instant());
    note(
        new Decision(clock.instant(), "started", 0, state.percent(), "rollout configured", "auto"));
    change(this::syncWithFleet);
  }

  @Override
  public double percent() {
    return state.percent();
  }

  @Override
  public void record(Side side, Outcome outcome) {
    if (sync != null) {
      sync.record(state.window(), side, outcome); // outside the lock: a Redis round trip
    }
    lock.lock();
    try {
      (side == Side.STABLE ? stable : candidate).record(outcome);
      sinceJudged++;
      if (sync != null && due(lastSynced)) {
        syncWithFleet();
      }
      if (state.status() == RolloutStatus.RUNNING
          && settings.automatic()
          && (judgeDue() || candidateFailed(side, outcome))) {
        judge();
      }
    } finally {
      lock.unlock();
    }
  }

  private boolean due(@Nullable Instant last) {
    return last == null || Duration.between(last, clock.instant()).compareTo(JUDGE_INTERVAL) >= 0;
  }

  /**
   * A failed candidate call is judged at once: an error-rate breach is the one reason to roll back
   * that must not wait for the next routine judgement, and failures are rare while all is well.
   */
  private static boolean candidateFailed(Side side, Outcome outcome) {
    return side == Side.CANDIDATE && outcome.failed();
  }

  private boolean judgeDue() {
    return lastJudged == null || sinceJudged >= JUDGE_EVERY || due(lastJudged);
  }

  private void judge() {
    CanarySettings.Stage current = settings.stages().get(state.stage());
    RedisRolloutSync.Figures figures = figures();
    SideStats candidateStats = figures.candidate();
    if (candidateStats.requests() < current.minRequests()) {
      return; // cheap: nothing to judge before the sample is large enough
    }
    SideStats stableStats = figures.stable();
    SideStats reference =
        stableStats.requests() >= current.minRequests() ? stableStats : state.stableReference();
    lastJudged = clock.instant();
    sinceJudged = 0;
    RolloutJudge.Verdict verdict =
        RolloutJudge.judge(
            current,
            settings.bounds(),
            candidateStats,
            reference,
            Duration.between(state.stageStart(), lastJudged));
    switch (verdict) {
      case RolloutJudge.Promote promote -> promote(promote.reason(), "auto");
      case RolloutJudge.Rollback rollback -> rollBack(rollback.reason(), "auto");
      case RolloutJudge.Hold hold -> {}
    }
  }

  /** The fleet's figures of this stage when Redis answers, else this instance's own. */
  private RedisRolloutSync.Figures figures() {
    if (sync != null) {
      var fleet = sync.figures(state.window());
      if (fleet.isPresent()) {
        return fleet.get();
      }
    }
    return new RedisRolloutSync.Figures(stable.stats(), candidate.stats());
  }

  private boolean promote(String reason, String by) {
    double from = state.percent();
    int stage = state.stage();
    if (stage + 1 >= settings.stages().size()) {
      return commit(
          state.withStatus(RolloutStatus.COMPLETED, from),
          decision("completed", from, from, reason, by));
    }
    SideStats stableStats = figures().stable();
    SideStats reference =
        stableStats.requests() >= settings.stages().get(stage).minRequests()
            ? stableStats
            : state.stableReference();
    double to = settings.stages().get(stage + 1).percent();
    return commit(
        state.entering(stage + 1, to, clock.instant(), reference),
        decision(by.equals("auto") ? "promoted" : "advanced", from, to, reason, by));
  }

  private boolean rollBack(String reason, String by) {
    double from = state.percent();
    // The windows stay as they were, so the admin view shows the figures behind the decision.
    return commit(
        state.withStatus(RolloutStatus.ROLLED_BACK, 0),
        decision("rolled_back", from, 0, reason, by));
  }

  private Decision decision(String action, double from, double to, String reason, String by) {
    return new Decision(clock.instant(), action, from, to, reason, by);
  }

  /**
   * Makes {@code next} the state, the fleet's too when Redis answers; false when another instance
   * changed the state first (its state is taken instead).
   */
  private boolean commit(RolloutState next, Decision decision) {
    if (sync != null) {
      switch (sync.publish(state.version(), next, decision)) {
        case YES -> changedAlone = false;
        case DOWN -> changedAlone = true;
        case LOST -> {
          syncWithFleet();
          return false;
        }
      }
    }
    apply(next, decision);
    return true;
  }

  private void apply(RolloutState next, @Nullable Decision decision) {
    if (next.window() != state.window()) {
      stable = new SideWindow();
      candidate = new SideWindow();
      lastJudged = null;
      sinceJudged = 0;
    }
    state = next;
    if (decision != null) {
      note(decision);
    }
  }

  /**
   * Compares the state with the fleet's: takes a newer one (or, after both changed while Redis was
   * down, the fleet's), pushes this one when the fleet's is older or missing.
   */
  private void syncWithFleet() {
    if (sync == null) {
      return;
    }
    lastSynced = clock.instant();
    RedisRolloutSync.Seen seen = sync.latest();
    if (!seen.reachable()) {
      return;
    }
    RedisRolloutSync.Stamped fleet = seen.stamped();
    long theirs = fleet == null ? -1 : fleet.state().version();
    if (fleet != null
        && (theirs > state.version() || (theirs == state.version() && changedAlone))) {
      apply(fleet.state(), theirs > state.version() ? fleet.decision() : null);
      changedAlone = false;
    } else if (theirs < state.version() || fleet == null) {
      Decision last = history.peekLast();
      if (sync.publish(theirs, state, last) == RedisRolloutSync.Published.LOST) {
        syncWithFleet();
      } else {
        changedAlone = false;
      }
    }
  }

  private void note(Decision decision) {
    history.addLast(decision);
    while (history.size() > HISTORY) {
      history.removeFirst();
    }
  }

  @Override
  public RolloutView view() {
    lock.lock();
    try {
      if (sync != null && due(lastSynced)) {
        syncWithFleet();
      }
      List<Double> stages = new ArrayList<>();
      settings.stages().forEach(s -> stages.add(s.percent()));
      RedisRolloutSync.Figures figures = figures();
      return new RolloutView(
          route,
          state.status(),
          state.stage(),
          state.percent(),
          stages,
          state.stageStart(),
          figures.stable(),
          figures.candidate(),
          state.stableReference(),
          List.copyOf(history));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void pause(String reason) {
    byHand(
        () -> {
          require(state.status() == RolloutStatus.RUNNING, "only a running rollout can be paused");
          double percent = state.percent();
          return commit(
              state.withStatus(RolloutStatus.PAUSED, percent),
              decision("paused", percent, percent, reason, "admin"));
        });
  }

  @Override
  public void resume(String reason) {
    byHand(
        () -> {
          if (state.status() == RolloutStatus.ROLLED_BACK) {
            return restart(reason);
          }
          require(
              state.status() == RolloutStatus.PAUSED,
              "only a paused or rolled-back rollout resumes");
          double percent = state.percent();
          return commit(
              state.withStatus(RolloutStatus.RUNNING, percent),
              decision("resumed", percent, percent, reason, "admin"));
        });
  }

  @Override
  public void advance(String reason) {
    byHand(
        () -> {
          if (state.status() == RolloutStatus.ROLLED_BACK) {
            return restart(reason);
          }
          require(state.status() != RolloutStatus.COMPLETED, "the rollout has completed");
          return promote(reason, "admin");
        });
  }

  @Override
  public void rollback(String reason) {
    byHand(
        () -> {
          require(
              state.status() != RolloutStatus.ROLLED_BACK, "the rollout is already rolled back");
          return rollBack(reason, "admin");
        });
  }

  /** After a rollback, resuming or advancing starts again at the first stage. */
  private boolean restart(String reason) {
    double from = state.percent();
    double to = settings.stages().getFirst().percent();
    return commit(
        state.entering(0, to, clock.instant(), null),
        decision("restarted", from, to, reason, "admin"));
  }

  /** A change by hand on the fleet's latest state; refused when another instance changed it now. */
  private void byHand(java.util.function.BooleanSupplier change) {
    change(
        () -> {
          syncWithFleet();
          if (!change.getAsBoolean()) {
            throw new RolloutConflict(
                "the rollout was changed on another instance at the same time; look again");
          }
        });
  }

  private void change(Runnable action) {
    lock.lock();
    try {
      action.run();
    } finally {
      lock.unlock();
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new RolloutConflict(message);
    }
  }
}

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
 * {@link #JUDGE_INTERVAL} or every {@link #JUDGE_EVERY} outcomes, not on every request.
 */
public final class LocalRollout implements Rollout {
  static final int HISTORY = 100;
  static final Duration JUDGE_INTERVAL = Duration.ofMillis(100);
  static final int JUDGE_EVERY = 64;

  private final String route;
  private final CanarySettings settings;
  private final Clock clock;
  // A lock, not synchronized: virtual threads must not pin their carrier while waiting (JDK 21).
  private final ReentrantLock lock = new ReentrantLock();
  private final Deque<Decision> history = new ArrayDeque<>();
  private volatile double percent;
  private RolloutStatus status = RolloutStatus.RUNNING;
  private int stage;
  private Instant stageStart;
  private SideWindow stable = new SideWindow();
  private SideWindow candidate = new SideWindow();
  private @Nullable SideStats stableReference;
  private @Nullable Instant lastJudged;
  private int sinceJudged;

  public LocalRollout(String route, CanarySettings settings, Clock clock) {
    this.route = route;
    this.settings = settings;
    this.clock = clock;
    this.stageStart = clock.instant();
    this.percent = settings.stages().getFirst().percent();
    note("started", 0, percent, "rollout configured", "auto");
  }

  @Override
  public double percent() {
    return percent;
  }

  @Override
  public void record(Side side, Outcome outcome) {
    lock.lock();
    try {
      (side == Side.STABLE ? stable : candidate).record(outcome);
      sinceJudged++;
      if (status == RolloutStatus.RUNNING && settings.automatic() && judgeDue()) {
        judge();
      }
    } finally {
      lock.unlock();
    }
  }

  private boolean judgeDue() {
    Instant now = clock.instant();
    return lastJudged == null
        || sinceJudged >= JUDGE_EVERY
        || Duration.between(lastJudged, now).compareTo(JUDGE_INTERVAL) >= 0;
  }

  private void judge() {
    CanarySettings.Stage current = settings.stages().get(stage);
    SideStats candidateStats = candidate.stats();
    if (candidateStats.requests() < current.minRequests()) {
      return; // cheap: nothing to judge before the sample is large enough
    }
    SideStats stableStats = stable.stats();
    SideStats reference =
        stableStats.requests() >= current.minRequests() ? stableStats : stableReference;
    lastJudged = clock.instant();
    sinceJudged = 0;
    RolloutJudge.Verdict verdict =
        RolloutJudge.judge(
            current,
            settings.bounds(),
            candidateStats,
            reference,
            Duration.between(stageStart, lastJudged));
    switch (verdict) {
      case RolloutJudge.Promote promote -> promote(promote.reason(), "auto");
      case RolloutJudge.Rollback rollback -> rollBack(rollback.reason(), "auto");
      case RolloutJudge.Hold hold -> {}
    }
  }

  private void promote(String reason, String by) {
    double from = percent;
    if (stage + 1 >= settings.stages().size()) {
      status = RolloutStatus.COMPLETED;
      note("completed", from, from, reason, by);
      return;
    }
    SideStats stableStats = stable.stats();
    if (stableStats.requests() >= settings.stages().get(stage).minRequests()) {
      stableReference = stableStats;
    }
    enterStage(stage + 1);
    note(by.equals("auto") ? "promoted" : "advanced", from, percent, reason, by);
  }

  private void rollBack(String reason, String by) {
    double from = percent;
    status = RolloutStatus.ROLLED_BACK;
    percent = 0;
    // The windows stay as they were, so the admin view shows the figures behind the decision.
    note("rolled_back", from, 0, reason, by);
  }

  private void enterStage(int index) {
    stage = index;
    percent = settings.stages().get(index).percent();
    stageStart = clock.instant();
    stable = new SideWindow();
    candidate = new SideWindow();
    lastJudged = null;
    sinceJudged = 0;
  }

  private void note(String action, double from, double to, String reason, String by) {
    history.addLast(new Decision(clock.instant(), action, from, to, reason, by));
    while (history.size() > HISTORY) {
      history.removeFirst();
    }
  }

  @Override
  public RolloutView view() {
    lock.lock();
    try {
      List<Double> stages = new ArrayList<>();
      settings.stages().forEach(s -> stages.add(s.percent()));
      return new RolloutView(
          route,
          status,
          stage,
          percent,
          stages,
          stageStart,
          stable.stats(),
          candidate.stats(),
          stableReference,
          List.copyOf(history));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void pause(String reason) {
    change(
        () -> {
          require(status == RolloutStatus.RUNNING, "only a running rollout can be paused");
          status = RolloutStatus.PAUSED;
          note("paused", percent, percent, reason, "admin");
        });
  }

  @Override
  public void resume(String reason) {
    change(
        () -> {
          if (!restartedAfterRollback(reason)) {
            require(status == RolloutStatus.PAUSED, "only a paused or rolled-back rollout resumes");
            status = RolloutStatus.RUNNING;
            note("resumed", percent, percent, reason, "admin");
          }
        });
  }

  @Override
  public void advance(String reason) {
    change(
        () -> {
          if (!restartedAfterRollback(reason)) {
            require(status != RolloutStatus.COMPLETED, "the rollout has completed");
            promote(reason, "admin");
          }
        });
  }

  @Override
  public void rollback(String reason) {
    change(
        () -> {
          require(status != RolloutStatus.ROLLED_BACK, "the rollout is already rolled back");
          rollBack(reason, "admin");
        });
  }

  /** After a rollback, resuming or advancing starts again at the first stage. */
  private boolean restartedAfterRollback(String reason) {
    if (status != RolloutStatus.ROLLED_BACK) {
      return false;
    }
    double from = percent;
    status = RolloutStatus.RUNNING;
    stableReference = null;
    enterStage(0);
    note("restarted", from, percent, reason, "admin");
    return true;
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

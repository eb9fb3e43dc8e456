package dev.modelgate.policy.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.testkit.FakeClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalRolloutTest {
  private static final Duration STAGE_TIME = Duration.ofMinutes(10);
  private final FakeClock clock = new FakeClock();

  private static CanarySettings settings(boolean automatic) {
    return new CanarySettings(
        List.of(
            new CanarySettings.Stage(5, STAGE_TIME, 20),
            new CanarySettings.Stage(50, STAGE_TIME, 20),
            new CanarySettings.Stage(100, STAGE_TIME, 20)),
        new CanarySettings.Bounds(0.05, 1.5, 1.5, Duration.ZERO),
        CanarySettings.StickySource.KEY,
        null,
        "x-modelgate-canary",
        automatic);
  }

  private final LocalRollout rollout = new LocalRollout("chat", settings(true), clock);

  private void traffic(Side side, int requests, int failures, Duration latency) {
    for (int i = 0; i < requests; i++) {
      rollout.record(
          side, i < failures ? Outcome.failure() : Outcome.success(latency, latency.dividedBy(4)));
    }
  }

  private void healthyStage() {
    traffic(Side.STABLE, 40, 0, Duration.ofMillis(100));
    traffic(Side.CANDIDATE, 20, 0, Duration.ofMillis(110));
  }

  @Test
  void startsAtTheFirstStage() {
    assertThat(rollout.percent()).isEqualTo(5);
    assertThat(rollout.view().status()).isEqualTo(RolloutStatus.RUNNING);
    assertThat(rollout.view().history()).extracting(Decision::action).containsExactly("started");
  }

  @Test
  void aHealthyCandidateIsNotPromotedBeforeTheStagesMinimumDuration() {
    healthyStage();
    clock.advance(STAGE_TIME.minusSeconds(1));
    traffic(Side.CANDIDATE, 1, 0, Duration.ofMillis(100));

    assertThat(rollout.percent()).isEqualTo(5);
  }

  @Test
  void aHealthyCandidateIsPromotedStageByStageUntilComplete() {
    healthyStage();
    clock.advance(STAGE_TIME);
    traffic(Side.CANDIDATE, 1, 0, Duration.ofMillis(100));
    assertThat(rollout.percent()).isEqualTo(50);
    assertThat(rollout.view().candidate().requests()).isZero(); // a stage judges its own traffic

    healthyStage();
    clock.advance(STAGE_TIME);
    traffic(Side.CANDIDATE, 1, 0, Duration.ofMillis(100));
    assertThat(rollout.percent()).isEqualTo(100);

    // At 100% the stable side gets nothing: the last stage compares with the kept stable figures.
    traffic(Side.CANDIDATE, 20, 0, Duration.ofMillis(105));
    clock.advance(STAGE_TIME);
    traffic(Side.CANDIDATE, 1, 0, Duration.ofMillis(100));

    RolloutView view = rollout.view();
    assertThat(view.status()).isEqualTo(RolloutStatus.COMPLETED);
    assertThat(view.percent()).isEqualTo(100);
    assertThat(view.history())
        .extracting(Decision::action)
        .containsExactly("started", "promoted", "promoted", "completed");
    assertThat(view.history().get(1).reason()).startsWith("within bounds");
    assertThat(view.history().get(1).by()).isEqualTo("auto");
  }

  @Test
  void aFailingCandidateIsRolledBackAtOnceWithTheReason() {
    traffic(Side.STABLE, 40, 0, Duration.ofMillis(100));
    traffic(Side.CANDIDATE, 20, 8, Duration.ofMillis(100));

    RolloutView view = rollout.view();
    assertThat(view.status()).isEqualTo(RolloutStatus.ROLLED_BACK);
    assertThat(rollout.percent()).isZero();
    Decision last = view.history().getLast();
    assertThat(last.action()).isEqualTo("rolled_back");
    assertThat(last.fromPercent()).isEqualTo(5);
    assertThat(last.toPercent()).isZero();
    assertThat(last.reason()).isEqualTo("candidate error rate 40.0% exceeds stable 0.0% + 5.0%");
    assertThat(last.at()).isEqualTo(clock.instant());
    // The figures behind the decision stay visible.
    assertThat(view.candidate().errors()).isEqualTo(8);
  }

  @Test
  void aCandidateThatTurnsBadRightAfterAHealthyJudgementIsRolledBackWithoutWaiting() {
    healthyStage(); // judged healthy: the next routine judgement is due in 100 ms or 64 outcomes
    traffic(Side.CANDIDATE, 5, 5, Duration.ofMillis(100)); // no time passes on the clock

    assertThat(rollout.view().status()).isEqualTo(RolloutStatus.ROLLED_BACK);
    assertThat(rollout.view().history().getLast().reason()).startsWith("candidate error rate");
  }

  @Test
  void aSlowCandidateIsRolledBackOnP95Latency() {
    traffic(Side.STABLE, 40, 0, Duration.ofMillis(100));
    traffic(Side.CANDIDATE, 20, 0, Duration.ofMillis(400));

    assertThat(rollout.view().status()).isEqualTo(RolloutStatus.ROLLED_BACK);
    assertThat(rollout.view().history().getLast().reason())
        .contains("candidate p95 latency 400.0 ms exceeds 1.5 x stable 100.0 ms")
        .contains("candidate p95 time to first token 100.0 ms exceeds 1.5 x stable 25.0 ms");
  }

  @Test
  void errorsWithinTheBoundAreTolerated() {
    traffic(Side.STABLE, 40, 2, Duration.ofMillis(100)); // 5%
    traffic(Side.CANDIDATE, 20, 2, Duration.ofMillis(100)); // 10%: within 5 points

    assertThat(rollout.view().status()).isEqualTo(RolloutStatus.RUNNING);
  }

  @Test
  void noDecisionOnTooSmallASample() {
    traffic(Side.STABLE, 40, 0, Duration.ofMillis(100));
    traffic(Side.CANDIDATE, 19, 19, Duration.ofMillis(100));

    assertThat(rollout.view().status()).isEqualTo(RolloutStatus.RUNNING);
    traffic(Side.CANDIDATE, 1, 1, Duration.ofMillis(100));
    assertThat(rollout.view().status()).isEqualTo(RolloutStatus.ROLLED_BACK);
  }

  @Test
  void aPausedRolloutDecidesNothingUntilResumed() {
    rollout.pause("looking at a dashboard");
    traffic(Side.STABLE, 40, 0, Duration.ofMillis(100));
    traffic(Side.CANDIDATE, 20, 20, Duration.ofMillis(100));
    assertThat(rollout.view().status()).isEqualTo(RolloutStatus.PAUSED);
    assertThat(rollout.percent()).isEqualTo(5);

    rollout.resume("done looking");
    clock.advance(Duration.ofSeconds(1));
    traffic(Side.CANDIDATE, 1, 1, Duration.ofMillis(100));
    assertThat(rollout.view().status()).isEqualTo(RolloutStatus.ROLLED_BACK);
    assertThat(rollout.view().history())
        .extracting(Decision::action)
        .containsExactly("started", "paused", "resumed", "rolled_back");
  }

  @Test
  void byHandAdvanceRollbackAndRestart() {
    rollout.advance("confident");
    assertThat(rollout.percent()).isEqualTo(50);
    rollout.rollback("customer complaint");
    assertThat(rollout.percent()).isZero();
    assertThatThrownBy(() -> rollout.pause("x")).isInstanceOf(RolloutConflict.class);
    assertThatThrownBy(() -> rollout.rollback("x")).isInstanceOf(RolloutConflict.class);

    rollout.resume("fixed");
    assertThat(rollout.percent()).isEqualTo(5);
    assertThat(rollout.view().status()).isEqualTo(RolloutStatus.RUNNING);
    List<Decision> history = rollout.view().history();
    assertThat(history)
        .extracting(Decision::action, Decision::by, Decision::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("started", "auto", "rollout configured"),
            org.assertj.core.groups.Tuple.tuple("advanced", "admin", "confident"),
            org.assertj.core.groups.Tuple.tuple("rolled_back", "admin", "customer complaint"),
            org.assertj.core.groups.Tuple.tuple("restarted", "admin", "fixed"));
  }

  @Test
  void withoutAutomaticDecisionsOnlyHandsMoveIt() {
    LocalRollout manual = new LocalRollout("chat", settings(false), clock);
    for (int i = 0; i < 40; i++) {
      manual.record(Side.STABLE, Outcome.success(Duration.ofMillis(1), Duration.ofMillis(1)));
      manual.record(Side.CANDIDATE, Outcome.failure());
    }
    assertThat(manual.view().status()).isEqualTo(RolloutStatus.RUNNING);
    assertThat(manual.percent()).isEqualTo(5);
  }

  @Test
  void theStoreKeepsARolloutAcrossReloadsUnlessItsCanaryChanged() {
    LocalRolloutStore store = new LocalRolloutStore(clock);
    Rollout first = store.open("chat", settings(true), List.of("new/m"));
    first.advance("go");

    assertThat(store.open("chat", settings(true), List.of("new/m"))).isSameAs(first);
    Rollout changed = store.open("chat", settings(true), List.of("newer/m"));
    assertThat(changed).isNotSameAs(first);
    assertThat(changed.percent()).isEqualTo(5);

    store.retain(java.util.Set.of("other"));
    assertThat(store.find("chat")).isNull();
  }
}

package dev.modelgate.policy.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.chain.Call;
import dev.modelgate.chain.Policy;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.error.UpstreamOverloaded;
import dev.modelgate.model.Reply;
import dev.modelgate.route.Target;
import dev.modelgate.testkit.FakeCalls;
import dev.modelgate.testkit.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The canary policy on a fake chain that records which targets each pass was narrowed to. */
class CanaryPolicyTest {
  private final FakeClock clock = new FakeClock();
  private final Target stable = FakeCalls.target("stable");
  private final Target candidate = FakeCalls.target("candidate");
  private final List<String> passes = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private CanaryPolicy policy(double percent, CanarySettings.StickySource sticky, String header) {
    CanarySettings settings =
        new CanarySettings(
            List.of(new CanarySettings.Stage(percent, Duration.ofMinutes(10), 5)),
            new CanarySettings.Bounds(0.05, 1.5, 1.5, Duration.ZERO),
            sticky,
            header,
            "x-modelgate-canary",
            true);
    return new CanaryPolicy(
        "chat",
        List.of(stable),
        List.of(candidate),
        settings,
        new LocalRolloutStore(clock),
        clock,
        registry);
  }

  private CanaryPolicy policy(double percent) {
    return policy(percent, CanarySettings.StickySource.KEY, null);
  }

  /** Answers on the stable side; on the candidate side, as {@code candidateAnswers} says. */
  private Policy.Next chain(boolean candidateFails) {
    return call -> {
      String side = call.targets().getFirst().endpoint();
      passes.add(side);
      if (side.equals("candidate") && candidateFails) {
        throw new UpstreamOverloaded("candidate is down", 503);
      }
      clock.advance(Duration.ofMillis(50));
      return FakeCalls.answer(side);
    };
  }

  private Call forcedTo(String side) {
    return FakeCalls.call(
        List.of(stable), "tester", "{\"model\":\"chat\"}", Map.of("x-modelgate-canary", side));
  }

  @Test
  void eachKeyStaysOnItsSideAndTheSplitFollowsThePercentage() {
    CanaryPolicy canary = policy(30);
    int candidates = 0;
    for (int i = 0; i < 2000; i++) {
      passes.clear();
      canary.apply(FakeCalls.call(List.of(stable), "key-" + i), chain(false));
      String first = passes.getFirst();
      passes.clear();
      canary.apply(FakeCalls.call(List.of(stable), "key-" + i), chain(false));
      assertThat(passes.getFirst()).isEqualTo(first);
      if (first.equals("candidate")) {
        candidates++;
      }
    }
    assertThat(candidates).isBetween(540, 660); // 30% of 2000, with room for a fair hash
  }

  @Test
  void theForceHeaderPicksTheSideAndIsLeftOutOfTheJudgement() {
    CanaryPolicy canary = policy(0);
    canary.apply(forcedTo("Candidate"), chain(false));
    assertThat(passes).containsExactly("candidate");
    assertThat(canary.rollout().view().candidate().requests()).isZero();
    assertThat(registry.get("modelgate.canary.requests").tag("side", "candidate").counter().count())
        .isEqualTo(1);

    passes.clear();
    CanaryPolicy everyone = policy(100);
    everyone.apply(forcedTo("stable"), chain(false));
    assertThat(passes).containsExactly("stable");
  }

  @Test
  void aFailedCandidateAttemptIsServedByTheStableSideAndCounted() {
    CanaryPolicy canary = policy(100);
    Call call = FakeCalls.call(List.of(stable), "key-1");

    Reply reply = canary.apply(call, chain(true));

    assertThat(passes).containsExactly("candidate", "stable");
    assertThat(reply).isInstanceOf(Reply.Complete.class);
    RolloutView view = canary.rollout().view();
    assertThat(view.candidate().errors()).isEqualTo(1);
    assertThat(view.stable().requests()).isEqualTo(1);
  }

  @Test
  void aForcedCandidateFailureReachesTheTester() {
    CanaryPolicy canary = policy(100);
    Call call = forcedTo("candidate");

    assertThatThrownBy(() -> canary.apply(call, chain(true)))
        .isInstanceOf(UpstreamOverloaded.class);
    assertThat(passes).containsExactly("candidate");
  }

  @Test
  void theRequestsOwnFaultIsNeitherRetriedNorCounted() {
    CanaryPolicy canary = policy(100);
    Policy.Next rejecting =
        call -> {
          passes.add(call.targets().getFirst().endpoint());
          throw new InvalidRequest("bad temperature", "temperature");
        };

    assertThatThrownBy(() -> canary.apply(FakeCalls.call(List.of(stable), "k"), rejecting))
        .isInstanceOf(InvalidRequest.class);
    assertThat(passes).containsExactly("candidate");
    assertThat(canary.rollout().view().candidate().requests()).isZero();
  }

  @Test
  void stickyByUserFieldOrHeaderFallsBackToTheKey() {
    CanaryPolicy byUser = policy(50, CanarySettings.StickySource.USER, null);
    // Many keys, one user: all on the same side.
    for (int i = 0; i < 50; i++) {
      byUser.apply(
          FakeCalls.call(
              List.of(stable), "key-" + i, "{\"model\":\"chat\",\"user\":\"alice\"}", Map.of()),
          chain(false));
    }
    assertThat(passes).containsOnly(passes.getFirst());

    passes.clear();
    CanaryPolicy byHeader = policy(50, CanarySettings.StickySource.HEADER, "x-user-id");
    for (int i = 0; i < 50; i++) {
      byHeader.apply(
          FakeCalls.call(
              List.of(stable), "key-" + i, "{\"model\":\"chat\"}", Map.of("x-user-id", "bob")),
          chain(false));
    }
    assertThat(passes).containsOnly(passes.getFirst());

    passes.clear();
    for (int i = 0; i < 200; i++) { // no header: each key decides, so both sides are used
      byHeader.apply(FakeCalls.call(List.of(stable), "key-" + i), chain(false));
    }
    assertThat(passes).contains("stable", "candidate");
  }

  @Test
  void aCandidateThatKeepsFailingIsRolledBackWhileEveryCallIsAnswered() {
    CanaryPolicy canary = policy(50);
    for (int i = 0; i < 200; i++) {
      assertThat(canary.apply(FakeCalls.call(List.of(stable), "key-" + i), chain(true)))
          .isInstanceOf(Reply.Complete.class);
    }
    RolloutView view = canary.rollout().view();
    assertThat(view.status()).isEqualTo(RolloutStatus.ROLLED_BACK);
    assertThat(view.history().getLast().reason()).startsWith("candidate error rate 100.0%");
    assertThat(canary.rollout().percent()).isZero();
  }
}

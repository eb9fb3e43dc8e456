package dev.modelgate.policy.breaker;

import static dev.modelgate.testkit.PolicyCalls.answer;
import static dev.modelgate.testkit.PolicyCalls.call;
import static dev.modelgate.testkit.PolicyCalls.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.chain.Chain;
import dev.modelgate.chain.ChainPlan;
import dev.modelgate.error.TargetUnavailable;
import dev.modelgate.error.UpstreamOverloaded;
import dev.modelgate.error.UpstreamRejected;
import dev.modelgate.policy.breaker.CircuitBreaker.State;
import dev.modelgate.testkit.FakeClock;
import dev.modelgate.testkit.ScriptedAdapter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final FakeClock clock = new FakeClock();
  private static final BreakerSettings SETTINGS =
      new BreakerSettings(3, 0.5, 10, 6, Duration.ofSeconds(30));

  @Test
  void consecutiveFailuresOpenTheCircuit() {
    CircuitBreaker breaker = new CircuitBreaker(SETTINGS, clock);
    breaker.failure();
    breaker.failure();
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    breaker.failure();
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.admits()).isFalse();
  }

  @Test
  void aSuccessBreaksTheRunOfFailures() {
    CircuitBreaker breaker = new CircuitBreaker(SETTINGS, clock);
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();
    breaker.failure();
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void theFailureRateOverTheWindowOpensTheCircuit() {
    CircuitBreaker breaker = new CircuitBreaker(SETTINGS, clock);
    for (int i = 0; i < 2; i++) {
      breaker.success();
      breaker.failure();
    }
    assertThat(breaker.state()).isEqualTo(State.CLOSED); // 4 calls: below min_calls
    breaker.success();
    breaker.failure(); // 6 calls, 3 failed: 50 %
    assertThat(breaker.state()).isEqualTo(State.OPEN);
  }

  @Test
  void oldOutcomesLeaveTheWindow() {
    CircuitBreaker breaker = new CircuitBreaker(SETTINGS, clock);
    for (int i = 0; i < 4; i++) {
      breaker.failure();
      breaker.success();
      breaker.success();
      breaker.success();
    }
    // 16 calls, the last 10 of which hold 2 or 3 failures: never half.
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void halfOpensAfterTheCoolDownThenASuccessCloses() {
    CircuitBreaker breaker = open();
    clock.advance(Duration.ofSeconds(29));
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    clock.advance(Duration.ofSeconds(1));
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    assertThat(breaker.admits()).isTrue();
    breaker.success();
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    breaker.failure();
    breaker.failure();
    assertThat(breaker.state()).isEqualTo(State.CLOSED); // the count started afresh
  }

  @Test
  void aFailureWhileHalfOpenOpensForAnotherCoolDown() {
    CircuitBreaker breaker = open();
    clock.advance(Duration.ofSeconds(30));
    breaker.failure();
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    clock.advance(Duration.ofSeconds(29));
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    clock.advance(Duration.ofSeconds(1));
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
  }

  private CircuitBreaker open() {
    CircuitBreaker breaker = new CircuitBreaker(SETTINGS, clock);
    for (int i = 0; i < 3; i++) {
      breaker.failure();
    }
    return breaker;
  }

  @Test
  void anOpenTargetIsSkippedNotTried() {
    ScriptedAdapter dead = ScriptedAdapter.failing(new UpstreamOverloaded("down", 503));
    ScriptedAdapter alive = ScriptedAdapter.answering(() -> answer("alive"));
    Breakers breakers = new Breakers(clock, new SimpleMeterRegistry());
    Chain chain =
        ChainPlan.build(
            new ChainPlan.RoutePolicies(
                null, null, null, null, null, new BreakerPolicy("chat", SETTINGS, breakers)));
    var deadTarget = dead.target("dead");
    var targets = List.of(deadTarget, alive.target("alive"));

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> chain.run(call(targets, "hi", false)))
          .isInstanceOf(UpstreamOverloaded.class);
    }
    assertThat(text(chain.run(call(targets, "hi", false)))).contains("alive");
    assertThat(dead.calls()).isEqualTo(3);
    assertThat(breakers.of("chat", deadTarget, SETTINGS).state()).isEqualTo(State.OPEN);

    clock.advance(Duration.ofSeconds(30));
    dead.then(() -> answer("back"));
    assertThat(text(chain.run(call(targets, "hi", false)))).contains("back");
    assertThat(breakers.of("chat", deadTarget, SETTINGS).state()).isEqualTo(State.CLOSED);
  }

  @Test
  void whenEveryCircuitIsOpenTheCallFailsWithoutAnAttempt() {
    ScriptedAdapter dead = ScriptedAdapter.failing(new UpstreamOverloaded("down", 503));
    Breakers breakers = new Breakers(clock, new SimpleMeterRegistry());
    Chain chain =
        ChainPlan.build(
            new ChainPlan.RoutePolicies(
                null, null, null, null, null, new BreakerPolicy("chat", SETTINGS, breakers)));
    var targets = List.of(dead.target("dead"));
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> chain.run(call(targets, "hi", false)))
          .isInstanceOf(UpstreamOverloaded.class);
    }

    var call = call(targets, "hi", false);
    assertThatThrownBy(() -> chain.run(call))
        .isInstanceOf(TargetUnavailable.class)
        .hasMessageContaining("circuit is open")
        .matches(
            e -> ((TargetUnavailable) e).fallbackable() && !((TargetUnavailable) e).retryable());
    assertThat(dead.calls()).isEqualTo(3);
    assertThat(call.attempts()).isZero();
  }

  @Test
  void aRefusedRequestDoesNotCountAgainstTheTarget() {
    ScriptedAdapter picky =
        ScriptedAdapter.failing(new UpstreamRejected(400, "bad", null, null, null));
    Breakers breakers = new Breakers(clock, new SimpleMeterRegistry());
    Chain chain =
        ChainPlan.build(
            new ChainPlan.RoutePolicies(
                null, null, null, null, null, new BreakerPolicy("chat", SETTINGS, breakers)));
    var target = picky.target("picky");
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> chain.run(call(List.of(target), "hi", false)))
          .isInstanceOf(UpstreamRejected.class);
    }
    assertThat(breakers.of("chat", target, SETTINGS).state()).isEqualTo(State.CLOSED);
  }

  @Test
  void theStateIsAGaugeAndSurvivesUnchangedSettings() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Breakers breakers = new Breakers(clock, registry);
    var target = ScriptedAdapter.answering(() -> answer("x")).target("t");
    CircuitBreaker breaker = breakers.of("chat", target, SETTINGS);
    for (int i = 0; i < 3; i++) {
      breaker.failure();
    }
    assertThat(registry.get("modelgate.breaker.state").tag("target", "t/m").gauge().value())
        .isEqualTo(2.0);
    assertThat(breakers.of("chat", target, SETTINGS)).isSameAs(breaker);

    breakers.retain(List.of());
    assertThat(registry.find("modelgate.breaker.state").gauges()).isEmpty();
  }
}

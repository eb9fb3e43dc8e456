package dev.modelgate.policy.retry;

import static dev.modelgate.testkit.PolicyCalls.answer;
import static dev.modelgate.testkit.PolicyCalls.call;
import static dev.modelgate.testkit.PolicyCalls.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.chain.Chain;
import dev.modelgate.chain.ChainPlan;
import dev.modelgate.error.RateLimited;
import dev.modelgate.error.UpstreamOverloaded;
import dev.modelgate.error.UpstreamRejected;
import dev.modelgate.route.Target;
import dev.modelgate.testkit.FakeClock;
import dev.modelgate.testkit.ScriptedAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final FakeClock clock = new FakeClock();
  private final List<Duration> waits = new ArrayList<>();
  private final Sleeper sleeper =
      d -> {
        waits.add(d);
        clock.advance(d);
      };

  private Chain chain(RetrySettings settings, double random) {
    return ChainPlan.build(
        new ChainPlan.RoutePolicies(
            null, null, null, null, new RetryPolicy(settings, clock, sleeper, () -> random), null));
  }

  private static RetrySettings settings(int attempts, boolean nextTarget) {
    return new RetrySettings(
        attempts,
        Duration.ofMillis(100),
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        nextTarget);
  }

  @Test
  void backoffDoublesUpToItsCapAndJitterStaysBelowIt() {
    RetrySettings s = settings(10, false);
    assertThat(Backoff.ceiling(s, 1)).isEqualTo(Duration.ofMillis(100));
    assertThat(Backoff.ceiling(s, 2)).isEqualTo(Duration.ofMillis(200));
    assertThat(Backoff.ceiling(s, 4)).isEqualTo(Duration.ofMillis(800));
    assertThat(Backoff.ceiling(s, 5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(Backoff.ceiling(s, 80)).isEqualTo(Duration.ofSeconds(1));
    var overload = new UpstreamOverloaded("busy", 503);
    for (int failures = 1; failures < 8; failures++) {
      assertThat(Backoff.delay(s, failures, 0.0, overload)).isZero();
      assertThat(Backoff.delay(s, failures, 0.999, overload))
          .isLessThan(Backoff.ceiling(s, failures))
          .isGreaterThan(Backoff.ceiling(s, failures).multipliedBy(99).dividedBy(100));
      assertThat(Backoff.delay(s, failures, 0.5, overload))
          .isEqualTo(Backoff.ceiling(s, failures).dividedBy(2));
    }
  }

  @Test
  void retriesARetryableFailureUntilAnAttemptSucceeds() {
    ScriptedAdapter upstream =
        ScriptedAdapter.failing(new UpstreamOverloaded("busy", 503))
            .thenFail(new UpstreamOverloaded("busy", 503))
            .then(() -> answer("ok"));
    var call = call(List.of(upstream.target("a")), "hi", false);

    assertThat(text(chain(settings(3, false), 0.5).run(call))).contains("ok");
    assertThat(upstream.calls()).isEqualTo(3);
    assertThat(call.attempts()).isEqualTo(3);
    assertThat(waits).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
  }

  @Test
  void stopsAtTheConfiguredAttempts() {
    ScriptedAdapter upstream = ScriptedAdapter.failing(new UpstreamOverloaded("busy", 502));
    var call = call(List.of(upstream.target("a")), "hi", false);

    assertThatThrownBy(() -> chain(settings(2, false), 0.5).run(call))
        .isInstanceOf(UpstreamOverloaded.class);
    assertThat(upstream.calls()).isEqualTo(2);
  }

  @Test
  void neverRetriesARefusedRequest() {
    ScriptedAdapter upstream =
        ScriptedAdapter.failing(new UpstreamRejected(400, "bad", null, null, null));
    var call = call(List.of(upstream.target("a")), "hi", false);

    assertThatThrownBy(() -> chain(settings(5, false), 0.5).run(call))
        .isInstanceOf(UpstreamRejected.class);
    assertThat(upstream.calls()).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void theGatewaysOwnRateLimitIsNotRetried() {
    ScriptedAdapter upstream =
        ScriptedAdapter.failing(new RateLimited("slow down", Duration.ofSeconds(1), false));
    var call = call(List.of(upstream.target("a")), "hi", false);

    assertThatThrownBy(() -> chain(settings(5, false), 0.5).run(call))
        .isInstanceOf(RateLimited.class);
    assertThat(upstream.calls()).isEqualTo(1);
  }

  @Test
  void waitsAtLeastWhatTheUpstreamAskedFor() {
    ScriptedAdapter upstream =
        ScriptedAdapter.failing(new RateLimited("429", Duration.ofMillis(2500), true))
            .then(() -> answer("ok"));
    var call = call(List.of(upstream.target("a")), "hi", false);

    chain(settings(3, false), 0.5).run(call);

    assertThat(waits).containsExactly(Duration.ofMillis(2500));
  }

  @Test
  void givesUpWhenTheWaitWouldEndPastTheDeadline() {
    ScriptedAdapter upstream =
        ScriptedAdapter.failing(new RateLimited("429", Duration.ofSeconds(31), true));
    var call = call(List.of(upstream.target("a")), "hi", false);

    assertThatThrownBy(() -> chain(settings(5, false), 0.5).run(call))
        .isInstanceOf(RateLimited.class);
    assertThat(upstream.calls()).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void theDeadlineCountsTimeSpentInEarlierAttempts() {
    ScriptedAdapter upstream = ScriptedAdapter.failing(new UpstreamOverloaded("busy", 503));
    var call = call(List.of(upstream.target("a")), "hi", false);
    Sleeper slow =
        d -> {
          waits.add(d);
          clock.advance(Duration.ofSeconds(12)); // each wait takes 12 s of the 30
        };
    Chain chain =
        ChainPlan.build(
            new ChainPlan.RoutePolicies(
                null,
                null,
                null,
                null,
                new RetryPolicy(settings(10, false), clock, slow, () -> 0.5),
                null));

    // Attempts at 0, 12 and 24 s; after the fourth fails at 36 s no wait may start.
    assertThatThrownBy(() -> chain.run(call)).isInstanceOf(UpstreamOverloaded.class);
    assertThat(upstream.calls()).isEqualTo(4);
    assertThat(waits).hasSize(3);
  }

  @Test
  void nextTargetModeMovesToATargetNotTriedYet() {
    ScriptedAdapter a = ScriptedAdapter.failing(new UpstreamOverloaded("busy", 503));
    ScriptedAdapter b = ScriptedAdapter.answering(() -> answer("from b"));
    Target first = a.target("a");
    Target second = b.target("b");
    var call = call(List.of(first, second), "hi", false);

    assertThat(text(chain(settings(3, true), 0.5).run(call))).contains("from b");
    assertThat(a.calls()).isEqualTo(1);
    assertThat(b.calls()).isEqualTo(1);
    assertThat(call.targets()).containsExactly(first, second);
  }

  @Test
  void sameTargetModeRetriesTheTargetThatFailed() {
    ScriptedAdapter a =
        ScriptedAdapter.failing(new UpstreamOverloaded("busy", 503)).then(() -> answer("a again"));
    ScriptedAdapter b = ScriptedAdapter.answering(() -> answer("from b"));
    var call = call(List.of(a.target("a"), b.target("b")), "hi", false);

    assertThat(text(chain(settings(3, false), 0.5).run(call))).contains("a again");
    assertThat(b.calls()).isZero();
  }
}

package dev.modelgate.policy.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.chain.Call;
import dev.modelgate.chain.Policy;
import dev.modelgate.error.UpstreamOverloaded;
import dev.modelgate.model.Reply;
import dev.modelgate.route.Target;
import dev.modelgate.testkit.FakeCalls;
import dev.modelgate.testkit.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The shadow policy on a fake chain: the primary answers at once, the shadow when let go. */
class ShadowPolicyTest {
  private final FakeClock clock = new FakeClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Target primary = FakeCalls.target("primary");
  private final Target shadow = FakeCalls.target("shadow");
  private final CountDownLatch letShadowGo = new CountDownLatch(1);
  private final ConcurrentLinkedQueue<Call> shadowCalls = new ConcurrentLinkedQueue<>();

  private ShadowPolicy policy(double rate, int maxConcurrent) {
    return new ShadowPolicy(
        "chat", shadow, new ShadowSettings(rate, maxConcurrent), clock, () -> 0.5, registry);
  }

  private Policy.Next chain(String primaryText, String shadowText, boolean shadowFails) {
    return call -> {
      if (!call.targets().getFirst().endpoint().equals("shadow")) {
        return FakeCalls.answer(primaryText);
      }
      shadowCalls.add(call);
      try {
        letShadowGo.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (shadowFails) {
        throw new UpstreamOverloaded("shadow down", 503);
      }
      clock.advance(Duration.ofMillis(700));
      return FakeCalls.answer(shadowText);
    };
  }

  private double count(String name, String outcome) {
    var counter = registry.find(name).tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  /** Waits for something the shadow's own thread does; bounded, never a timing assertion. */
  private static void eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met in 10 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @Test
  void thePrimaryAnswersWhileTheShadowIsStillRunning() throws Exception {
    ShadowPolicy policy = policy(1.0, 4);
    Call call = FakeCalls.call(List.of(primary), "k");

    Reply reply = policy.apply(call, chain("the cat sat", "the cat stood", false));

    // The shadow is held until now, so the primary cannot have waited for it.
    assertThat(reply).isInstanceOf(Reply.Complete.class);
    assertThat(count("modelgate.shadow.requests", "success")).isZero();
    eventually(() -> !shadowCalls.isEmpty());
    Call mirrored = shadowCalls.peek();
    assertThat(mirrored.requestId()).isEqualTo("req-k-shadow");
    assertThat(mirrored.targets()).containsExactly(shadow);
    assertThat(call.targets()).containsExactly(primary);

    letShadowGo.countDown();
    eventually(
        () ->
            registry.find("modelgate.shadow.similarity").summary() != null
                && registry.find("modelgate.shadow.similarity").summary().count() == 1);
    assertThat(count("modelgate.shadow.requests", "success")).isEqualTo(1);
    assertThat(registry.get("modelgate.shadow.similarity").summary().mean()).isEqualTo(0.5);
    assertThat(registry.get("modelgate.shadow.latency").timer().totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(700);
    assertThat(registry.get("modelgate.shadow.tokens").tag("kind", "completion").counter().count())
        .isEqualTo(2);
  }

  @Test
  void aFailingShadowIsCountedAndNeverReachesTheClient() throws Exception {
    ShadowPolicy policy = policy(1.0, 4);
    letShadowGo.countDown();

    Reply reply =
        policy.apply(FakeCalls.call(List.of(primary), "k"), chain("fine", "unused", true));

    assertThat(reply).isInstanceOf(Reply.Complete.class);
    eventually(() -> count("modelgate.shadow.requests", "error") == 1);
    assertThat(count("modelgate.shadow.requests", "success")).isZero();
  }

  @Test
  void onlyTheSampledShareIsMirrored() {
    letShadowGo.countDown();
    ShadowPolicy none = policy(0.5, 4); // the fake random draws 0.5: not below the rate

    none.apply(FakeCalls.call(List.of(primary), "k"), chain("a", "b", false));

    assertThat(shadowCalls).isEmpty();
  }

  @Test
  void beyondTheConcurrencyLimitASampledCallIsSkipped() throws Exception {
    ShadowPolicy policy = policy(1.0, 1);
    policy.apply(FakeCalls.call(List.of(primary), "k1"), chain("a", "b", false));
    eventually(() -> shadowCalls.size() == 1);

    policy.apply(FakeCalls.call(List.of(primary), "k2"), chain("a", "b", false));

    assertThat(count("modelgate.shadow.requests", "skipped")).isEqualTo(1);
    letShadowGo.countDown();
    eventually(() -> count("modelgate.shadow.requests", "success") == 1);
    assertThat(shadowCalls).hasSize(1);
  }
}

package dev.modelgate.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.ScriptedAdapter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TargetSelectorTest {
  private final Target a = ScriptedAdapter.answering(() -> null).target("a");
  private final Target b = ScriptedAdapter.answering(() -> null).target("b");
  private final Target c = ScriptedAdapter.answering(() -> null).target("c");
  private final TargetStatsRegistry stats = new TargetStatsRegistry();

  /** Evenly spread points in [0, 1), so a distribution is exact rather than probable. */
  private static java.util.function.DoubleSupplier sweep(int steps) {
    AtomicInteger i = new AtomicInteger();
    return () -> (i.getAndIncrement() % steps + 0.5) / steps;
  }

  @Test
  void orderedTakesTheFirst() {
    TargetSelector selector =
        new TargetSelector(SelectionStrategy.ORDERED, Map.of(), stats, sweep(10));
    for (int i = 0; i < 5; i++) {
      assertThat(selector.choose(List.of(b, a, c))).isEqualTo(b);
    }
  }

  @Test
  void weightedSharesFollowTheWeights() {
    TargetSelector selector =
        new TargetSelector(SelectionStrategy.WEIGHTED, Map.of(a, 3, b, 1), stats, sweep(400));
    Map<Target, Integer> counts = new HashMap<>();
    for (int i = 0; i < 400; i++) {
      counts.merge(selector.choose(List.of(a, b)), 1, Integer::sum);
    }
    assertThat(counts).containsEntry(a, 300).containsEntry(b, 100);
  }

  @Test
  void leastOutstandingAvoidsTheBusyTarget() {
    TargetSelector selector =
        new TargetSelector(SelectionStrategy.LEAST_OUTSTANDING, Map.of(), stats, sweep(10));
    stats.of(a).begin();
    stats.of(a).begin();
    stats.of(b).begin();
    assertThat(selector.choose(List.of(a, b, c))).isEqualTo(c);
    stats.of(c).begin();
    stats.of(c).begin();
    assertThat(selector.choose(List.of(a, b, c))).isEqualTo(b);
    stats.of(a).end();
    stats.of(a).end();
    assertThat(selector.choose(List.of(a, b, c))).isEqualTo(a);
  }

  @Test
  void lowestLatencyMeasuresEveryTargetThenPrefersTheFastest() {
    TargetSelector selector =
        new TargetSelector(SelectionStrategy.LOWEST_LATENCY, Map.of(), stats, () -> 0.5);
    assertThat(selector.choose(List.of(a, b))).isEqualTo(a); // unmeasured first
    stats.of(a).latency(Duration.ofMillis(300));
    assertThat(selector.choose(List.of(a, b))).isEqualTo(b);
    stats.of(b).latency(Duration.ofMillis(100));
    assertThat(selector.choose(List.of(a, b))).isEqualTo(b);
    for (int i = 0; i < 5; i++) {
      stats.of(b).latency(Duration.ofMillis(900)); // b slowed down: its average follows
    }
    assertThat(stats.of(b).latencyMillis()).isGreaterThan(300);
    assertThat(selector.choose(List.of(a, b))).isEqualTo(a);
  }

  @Test
  void theMovingAverageWeighsTheNewestSample() {
    TargetStats one = new TargetStats();
    one.latency(Duration.ofMillis(100));
    one.latency(Duration.ofMillis(200));
    assertThat(one.latencyMillis())
        .isCloseTo(TargetStats.ALPHA * 200 + (1 - TargetStats.ALPHA) * 100, within());
  }

  @Test
  void lowestLatencySometimesExploresByWeight() {
    stats.of(a).latency(Duration.ofMillis(10));
    stats.of(b).latency(Duration.ofMillis(500));
    TargetSelector selector =
        new TargetSelector(
            SelectionStrategy.LOWEST_LATENCY,
            Map.of(a, 1, b, 1),
            stats,
            () -> 0.99 * TargetSelector.EXPLORE);
    assertThat(selector.choose(List.of(a, b))).isEqualTo(a);
    TargetSelector exploring =
        new TargetSelector(
            SelectionStrategy.LOWEST_LATENCY,
            Map.of(a, 1, b, 1),
            stats,
            new java.util.function.DoubleSupplier() {
              private int calls;

              @Override
              public double getAsDouble() {
                return calls++ == 0 ? 0.0 : 0.75; // explore, then the upper half by weight: b
              }
            });
    assertThat(exploring.choose(List.of(a, b))).isEqualTo(b);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}

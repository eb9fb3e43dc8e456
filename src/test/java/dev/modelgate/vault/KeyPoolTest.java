package dev.modelgate.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.provider.spi.Secret;
import dev.modelgate.testkit.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyPoolTest {
  private final FakeClock clock = new FakeClock();
  private final List<Secret> keys = List.of(new Secret("k1"), new Secret("k2"), new Secret("k3"));

  private List<String> next(KeyPool pool, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(pool.value());
    }
    return out;
  }

  @Test
  void keysAreUsedInTurn() {
    KeyPool pool = new KeyPool(keys, Duration.ofMinutes(1), clock, () -> {});
    assertThat(next(pool, 6)).containsExactly("k1", "k2", "k3", "k1", "k2", "k3");
  }

  @Test
  void aRefusedKeyIsSetAsideForTheCoolDownOrTheAskedDelay() {
    KeyPool pool = new KeyPool(keys, Duration.ofMinutes(1), clock, () -> {});
    assertThat(pool.refused("k2", null)).isTrue();
    assertThat(pool.available()).isEqualTo(2);
    assertThat(next(pool, 4)).doesNotContain("k2");

    clock.advance(Duration.ofMinutes(1));
    assertThat(next(pool, 3)).contains("k2");

    assertThat(pool.refused("k1", Duration.ofSeconds(5))).isTrue();
    clock.advance(Duration.ofSeconds(5));
    assertThat(pool.available()).isEqualTo(3);
  }

  @Test
  void whenEveryKeyIsAsideTheOneBackFirstIsUsed() {
    KeyPool pool = new KeyPool(keys, Duration.ofMinutes(1), clock, () -> {});
    pool.refused("k1", Duration.ofSeconds(30));
    pool.refused("k2", Duration.ofSeconds(10));
    assertThat(pool.refused("k3", Duration.ofSeconds(20))).isFalse();
    assertThat(next(pool, 3)).containsOnly("k2");
  }

  @Test
  void poolsOutliveAReloadWithTheSameKeysAndReportGauges() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    KeyPools pools = new KeyPools(clock, registry);
    KeyPool pool = pools.forUpstream("openai", keys, Duration.ofMinutes(1));
    pool.refused("k1", null);

    assertThat(pools.forUpstream("openai", keys, Duration.ofMinutes(1))).isSameAs(pool);
    assertThat(registry.get("modelgate.upstream.keys.available").gauge().value()).isEqualTo(2.0);
    assertThat(registry.get("modelgate.upstream.keys.set_aside").counter().count()).isEqualTo(1.0);

    KeyPool changed = pools.forUpstream("openai", keys.subList(0, 2), Duration.ofMinutes(1));
    assertThat(changed).isNotSameAs(pool);
    pools.retain(List.of());
    assertThat(registry.find("modelgate.upstream.keys.available").gauges()).isEmpty();
  }
}

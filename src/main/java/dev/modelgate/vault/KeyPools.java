package dev.modelgate.vault;

import dev.modelgate.provider.spi.Secret;
import dev.modelgate.shared.RedisLink;
import dev.modelgate.shared.SharedCooldowns;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The key pools of the gateway's endpoints, kept across configuration reloads while an endpoint's
 * keys and cool-down stay the same (so a reload does not bring a refused key back early). Each pool
 * shows {@code modelgate_upstream_keys_available{upstream}} and counts {@code
 * modelgate_upstream_keys_set_aside_total{upstream}}.
 */
public final class KeyPools {
  private record Entry(KeyPool pool, List<Meter> meters) {}

  private final Map<String, Entry> pools = new ConcurrentHashMap<>();
  static final String USE = "keypool";

  private final Clock clock;
  private final MeterRegistry registry;
  private final @Nullable SharedCooldowns shared;

  public KeyPools(Clock clock, MeterRegistry registry) {
    this(clock, registry, null);
  }

  /** Pools whose set-aside keys the fleet shares through {@code link} (null: none). */
  public KeyPools(Clock clock, MeterRegistry registry, @Nullable RedisLink link) {
    this.clock = clock;
    this.registry = registry;
    this.shared = link == null ? null : new SharedCooldowns(link, USE);
  }

  public KeyPool forUpstream(String upstream, List<Secret> keys, Duration coolDown) {
    return pools
        .compute(
            upstream,
            (name, old) -> {
              if (old != null
                  && old.pool().keys().equals(keys)
                  && old.pool().coolDown().equals(coolDown)) {
                return old;
              }
              if (old != null) {
                old.meters().forEach(registry::remove);
              }
              Counter setAside =
                  Counter.builder("modelgate.upstream.keys.set_aside")
                      .description("Upstream keys set aside after a 401 or 429")
                      .tag("upstream", name)
                      .register(registry);
              KeyPool pool = new KeyPool(keys, coolDown, clock, setAside::increment, shared, name);
              Gauge available =
                  Gauge.builder("modelgate.upstream.keys.available", pool, KeyPool::available)
                      .description("Upstream keys of the pool in use (not set aside)")
                      .tag("upstream", name)
                      .register(registry);
              return new Entry(pool, List.of(setAside, available));
            })
        .pool();
  }

  public void retain(Collection<String> upstreams) {
    Set<String> kept = Set.copyOf(upstreams);
    pools
        .entrySet()
        .removeIf(
            e -> {
              if (kept.contains(e.getKey())) {
                return false;
              }
              e.getValue().meters().forEach(registry::remove);
              return true;
            });
  }
}

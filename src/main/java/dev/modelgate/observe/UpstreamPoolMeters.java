package dev.modelgate.observe;

import dev.modelgate.upstream.PoolStats;
import dev.modelgate.upstream.UpstreamClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * Pool gauges per upstream name (leased, idle, pending connections and the limit). The gauges
 * outlive configuration snapshots and read whichever client the latest snapshot gave the name, so a
 * reload neither duplicates nor freezes them.
 */
public final class UpstreamPoolMeters {
  private final MeterRegistry registry;
  private final Map<String, UpstreamClient> clients = new ConcurrentHashMap<>();

  public UpstreamPoolMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The clients of the snapshot being installed, by upstream name. */
  public void track(Map<String, UpstreamClient> byUpstream) {
    clients.keySet().retainAll(byUpstream.keySet());
    byUpstream.forEach(
        (name, client) -> {
          if (clients.put(name, client) == null) {
            register(name);
          }
        });
  }

  private void register(String name) {
    gauge(MeterNames.POOL_CONNECTIONS, name, "leased", PoolStats::leased);
    gauge(MeterNames.POOL_CONNECTIONS, name, "idle", PoolStats::idle);
    gauge(MeterNames.POOL_CONNECTIONS, name, "pending", PoolStats::pending);
    Gauge.builder(MeterNames.POOL_MAX, () -> stat(name, PoolStats::max))
        .description("The most connections the upstream's pool opens")
        .tag("upstream", name)
        .register(registry);
  }

  private void gauge(String meter, String name, String state, ToIntFunction<PoolStats> stat) {
    Gauge.builder(meter, () -> stat(name, stat))
        .description("Connections of the upstream's pool by state (pending: requests waiting)")
        .tag("upstream", name)
        .tag("state", state)
        .register(registry);
  }

  private double stat(String name, ToIntFunction<PoolStats> stat) {
    UpstreamClient client = clients.get(name);
    return client == null ? Double.NaN : stat.applyAsInt(client.poolStats());
  }
}

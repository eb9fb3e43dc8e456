package dev.modelgate.policy.breaker;

import dev.modelgate.route.Target;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every circuit breaker of the gateway by route and target, kept across configuration reloads: a
 * reload that keeps a route's target and its breaker settings keeps the circuit's state. Each
 * breaker's state is the gauge {@code modelgate_breaker_state{route,target}} (0 closed, 1
 * half-open, 2 open).
 */
public final class Breakers {
  private record Entry(CircuitBreaker breaker, Gauge gauge) {}

  private final Map<String, Entry> breakers = new ConcurrentHashMap<>();
  private final Clock clock;
  private final MeterRegistry registry;

  public Breakers(Clock clock, MeterRegistry registry) {
    this.clock = clock;
    this.registry = registry;
  }

  /** The breaker of {@code target} on {@code route}, made anew when its settings changed. */
  public CircuitBreaker of(String route, Target target, BreakerSettings settings) {
    String key = key(route, target);
    Entry entry = breakers.get(key);
    if (entry != null && entry.breaker().settings().equals(settings)) {
      return entry.breaker();
    }
    return breakers
        .compute(
            key,
            (k, old) -> {
              if (old != null && old.breaker().settings().equals(settings)) {
                return old;
              }
              if (old != null) {
                registry.remove(old.gauge());
              }
              CircuitBreaker breaker = new CircuitBreaker(settings, clock);
              Gauge gauge =
                  Gauge.builder("modelgate.breaker.state", breaker, b -> b.state().gauge())
                      .description("Circuit state: 0 closed, 1 half-open, 2 open")
                      .tag("route", route)
                      .tag("target", target.toString())
                      .register(registry);
              return new Entry(breaker, gauge);
            })
        .breaker();
  }

  /** Drops the breakers whose key ({@link #key}) is not in {@code keep}. */
  public void retain(Collection<String> keep) {
    Set<String> kept = Set.copyOf(keep);
    breakers
        .entrySet()
        .removeIf(
            e -> {
              if (kept.contains(e.getKey())) {
                return false;
              }
              registry.remove(e.getValue().gauge());
              return true;
            });
  }

  public static String key(String route, Target target) {
    return route + " " + target;
  }
}

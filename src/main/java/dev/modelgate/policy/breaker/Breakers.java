package dev.modelgate.policy.breaker;

import dev.modelgate.route.Target;
import dev.modelgate.shared.RedisLink;
import dev.modelgate.shared.SharedCooldowns;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Every circuit breaker of the gateway by route and target, kept across configuration reloads: a
 * reload that keeps a route's target and its breaker settings keeps the circuit's state. Each
 * breaker's state is the gauge {@code modelgate_breaker_state{route,target}} (0 closed, 1
 * half-open, 2 open). With Redis an opened circuit is flagged there for its cool-down ({@code
 * mg:breaker:<route> <target>}), and every instance keeps the target out while the flag is up.
 */
public final class Breakers {
  private record Entry(CircuitBreaker breaker, Gauge gauge) {}

  private final Map<String, Entry> breakers = new ConcurrentHashMap<>();
  static final String USE = "breaker";

  private final Clock clock;
  private final MeterRegistry registry;
  private final @Nullable SharedCooldowns shared;

  public Breakers(Clock clock, MeterRegistry registry) {
    this(clock, registry, null);
  }

  /** Breakers whose open circuits the fleet shares through {@code link} (null: none). */
  public Breakers(Clock clock, MeterRegistry registry, @Nullable RedisLink link) {
    this.clock = clock;
    this.registry = registry;
    this.shared = link == null ? null : new SharedCooldowns(link, USE);
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
              CircuitBreaker breaker = new CircuitBreaker(settings, clock, sharedOpen(key));
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

  private CircuitBreaker.@Nullable SharedOpen sharedOpen(String key) {
    SharedCooldowns flags = shared;
    if (flags == null) {
      return null;
    }
    return new CircuitBreaker.SharedOpen() {
      @Override
      public void opened(Duration coolDown) {
        flags.raise(key, coolDown);
      }

      @Override
      public Duration openLeft() {
        return flags.left(key);
      }
    };
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

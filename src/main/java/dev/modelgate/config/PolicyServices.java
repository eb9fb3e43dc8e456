package dev.modelgate.config;

import dev.modelgate.policy.breaker.Breakers;
import dev.modelgate.policy.cache.ResponseCaches;
import dev.modelgate.policy.canary.LocalRolloutStore;
import dev.modelgate.policy.canary.RolloutStore;
import dev.modelgate.policy.retry.Sleeper;
import dev.modelgate.route.HealthMonitor;
import dev.modelgate.route.TargetStatsRegistry;
import dev.modelgate.vault.KeyPools;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * What policies share beyond one configuration snapshot: the clock, the meter registry, randomness,
 * the wait between retries, and state that outlives a reload (selection numbers, circuit breakers,
 * cached answers, key pools, canary rollouts, upstream health).
 */
public record PolicyServices(
    Clock clock,
    MeterRegistry registry,
    DoubleSupplier random,
    Sleeper sleeper,
    TargetStatsRegistry targetStats,
    Breakers breakers,
    ResponseCaches caches,
    KeyPools keyPools,
    RolloutStore rollouts,
    HealthMonitor health) {

  /** Services on {@code clock}, reporting to {@code registry}. */
  public static PolicyServices of(Clock clock, MeterRegistry registry) {
    return new PolicyServices(
        clock,
        registry,
        () -> ThreadLocalRandom.current().nextDouble(),
        Sleeper.REAL,
        new TargetStatsRegistry(),
        new Breakers(clock, registry),
        new ResponseCaches(clock),
        new KeyPools(clock, registry),
        new LocalRolloutStore(clock),
        new HealthMonitor(clock));
  }

  /** Services of their own, for compiling a configuration that will not serve (a check). */
  public static PolicyServices standalone() {
    return of(Clock.systemUTC(), new SimpleMeterRegistry());
  }
}

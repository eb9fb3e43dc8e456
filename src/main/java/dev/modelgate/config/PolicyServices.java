package dev.modelgate.config;

import dev.modelgate.policy.breaker.Breakers;
import dev.modelgate.policy.cache.ResponseCaches;
import dev.modelgate.policy.canary.LocalRolloutStore;
import dev.modelgate.policy.canary.RolloutStore;
import dev.modelgate.policy.ratelimit.RateLimitBuckets;
import dev.modelgate.policy.retry.Sleeper;
import dev.modelgate.route.HealthMonitor;
import dev.modelgate.route.TargetStatsRegistry;
import dev.modelgate.shared.RedisLink;
import dev.modelgate.usage.LocalSpendLedger;
import dev.modelgate.usage.SpendLedger;
import dev.modelgate.vault.KeyPools;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What policies share beyond one configuration snapshot: the clock, the meter registry, randomness,
 * the wait between retries, and state that outlives a reload (selection numbers, circuit breakers,
 * cached answers, key pools, canary rollouts, upstream health, spend against budgets), and the link
 * to the Redis that instances share state through ({@code shared}, null when none is configured)
 * with the rate limits' buckets, kept there or, without Redis, here.
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
    HealthMonitor health,
    SpendLedger spend,
    @Nullable RedisLink shared,
    RateLimitBuckets rateLimits)
    implements AutoCloseable {

  /** Services on {@code clock}, reporting to {@code registry}, spend counted in this process. */
  public static PolicyServices of(Clock clock, MeterRegistry registry) {
    return of(clock, registry, new LocalSpendLedger());
  }

  /** Services on {@code clock}, reporting to {@code registry}, spend counted by {@code spend}. */
  public static PolicyServices of(Clock clock, MeterRegistry registry, SpendLedger spend) {
    return of(clock, registry, spend, null);
  }

  /**
   * Services on {@code clock}, reporting to {@code registry}, spend counted by {@code spend}, and
   * state shared with other instances through {@code shared} (null: no Redis, local state only):
   * open circuits, cached answers, set-aside upstream keys and canary rollouts.
   */
  public static PolicyServices of(
      Clock clock, MeterRegistry registry, SpendLedger spend, @Nullable RedisLink shared) {
    return new PolicyServices(
        clock,
        registry,
        () -> ThreadLocalRandom.current().nextDouble(),
        Sleeper.REAL,
        new TargetStatsRegistry(),
        new Breakers(clock, registry, shared),
        new ResponseCaches(clock, shared),
        new KeyPools(clock, registry, shared),
        new LocalRolloutStore(clock, shared),
        new HealthMonitor(clock),
        spend,
        shared,
        new RateLimitBuckets(clock, shared));
  }

  /** Stops the upstream health checks and the renewal of rate-limit leases. */
  @Override
  public void close() {
    health.close();
    rateLimits.close();
  }

  /** Services of their own, for compiling a configuration that will not serve (a check). */
  public static PolicyServices standalone() {
    return of(Clock.systemUTC(), new SimpleMeterRegistry());
  }
}

package dev.modelgate.config;

import dev.modelgate.policy.canary.LocalRolloutStore;
import dev.modelgate.policy.canary.RolloutStore;
import dev.modelgate.route.HealthMonitor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;

/**
 * What policies share beyond one configuration snapshot: the clock, the meter registry, and state
 * that outlives a reload (rollouts).
 */
public record PolicyServices(
    Clock clock, MeterRegistry registry, RolloutStore rollouts, HealthMonitor health) {

  /** Services of their own, for compiling a configuration that will not serve (a check). */
  public static PolicyServices standalone() {
    Clock clock = Clock.systemUTC();
    return new PolicyServices(
        clock, new SimpleMeterRegistry(), new LocalRolloutStore(clock), new HealthMonitor(clock));
  }
}

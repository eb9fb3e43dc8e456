package dev.modelgate.policy.canary;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A route's canary in metrics: the candidate's share, stage and status as gauges read from the
 * current rollout (so they follow it across reloads), and each side's requests, failures, latency
 * and time to first token. Requests forced to a side by the tester header count here, though not in
 * the rollout's judgement.
 */
final class CanaryMetrics {
  /** One side's meters. */
  private record SideMeters(Counter successes, Counter failures, Timer latency, Timer ttft) {}

  private final SideMeters[] sides = new SideMeters[Side.values().length];

  CanaryMetrics(MeterRegistry registry, String route, Supplier<@Nullable Rollout> current) {
    Gauge.builder("modelgate.canary.percent", () -> value(current, v -> v.percent()))
        .description("the candidate's share of the route's traffic, in percent")
        .tag("route", route)
        .register(registry);
    Gauge.builder("modelgate.canary.stage", () -> value(current, v -> v.stage()))
        .description("index of the rollout's current stage")
        .tag("route", route)
        .register(registry);
    for (RolloutStatus status : RolloutStatus.values()) {
      Gauge.builder(
              "modelgate.canary.status", () -> value(current, v -> v.status() == status ? 1 : 0))
          .description("1 for the rollout's current status")
          .tags("route", route, "status", status.label())
          .register(registry);
    }
    for (Side side : Side.values()) {
      sides[side.ordinal()] =
          new SideMeters(
              requests(registry, route, side, "success"),
              requests(registry, route, side, "error"),
              Timer.builder("modelgate.canary.latency")
                  .tags("route", route, "side", side.label())
                  .register(registry),
              Timer.builder("modelgate.canary.ttft")
                  .description("time to first token")
                  .tags("route", route, "side", side.label())
                  .register(registry));
    }
  }

  private static Counter requests(MeterRegistry registry, String route, Side side, String outcome) {
    return Counter.builder("modelgate.canary.requests")
        .tags("route", route, "side", side.label(), "outcome", outcome)
        .register(registry);
  }

  private static double value(
      Supplier<@Nullable Rollout> current, java.util.function.ToDoubleFunction<RolloutView> read) {
    Rollout rollout = current.get();
    return rollout == null ? Double.NaN : read.applyAsDouble(rollout.view());
  }

  void record(Side side, Outcome outcome) {
    SideMeters meters = sides[side.ordinal()];
    if (outcome.failed()) {
      meters.failures().increment();
      return;
    }
    meters.successes().increment();
    meters.latency().record(outcome.latency());
    meters.ttft().record(outcome.timeToFirstToken());
  }
}

package dev.modelgate.observe;

import dev.modelgate.model.Operation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The meters every call on one route touches, reached without a lookup by tags: a registry lookup
 * sorts and copies the tags and hashes the meter's whole id, which cost more than the recording
 * itself. The timers and token counters are registered with the route's first call, a request
 * counter with the first call of its operation and status. Routes, operations and status codes are
 * bounded, so these are too; they are never removed from the registry.
 */
final class RouteMeters {
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
    Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)
  };
  private static final int OPERATIONS = Operation.values().length;

  // HTTP status codes the gateway answers with: 100 to 599 (499: the client went away).
  private static final int FIRST_STATUS = 100;
  private static final int STATUSES = 500;

  private final MeterRegistry registry;
  private final String route;
  private final AtomicReferenceArray<Counter> requests =
      new AtomicReferenceArray<>(OPERATIONS * STATUSES);
  private final Timer latency;
  private final Timer timeToFirstToken;
  private final Counter inputTokens;
  private final Counter outputTokens;

  RouteMeters(MeterRegistry registry, String route) {
    this.registry = registry;
    this.route = route;
    this.latency = timer(MeterNames.REQUEST_DURATION, "Request duration, to the last byte");
    this.timeToFirstToken = timer(MeterNames.TTFT, "Time to the first token (or the whole answer)");
    this.inputTokens = tokenCounter("input");
    this.outputTokens = tokenCounter("output");
  }

  Counter requests(Operation operation, int status) {
    if (status < FIRST_STATUS || status >= FIRST_STATUS + STATUSES) {
      return register(operation, status);
    }
    int slot = operation.ordinal() * STATUSES + status - FIRST_STATUS;
    Counter counter = requests.get(slot);
    if (counter == null) {
      counter = register(operation, status);
      requests.set(slot, counter);
    }
    return counter;
  }

  Timer latency() {
    return latency;
  }

  Timer timeToFirstToken() {
    return timeToFirstToken;
  }

  void tokens(long input, long output) {
    inputTokens.increment(input);
    outputTokens.increment(output);
  }

  // Registering twice (two threads on a route's first call) returns the same meter: the registry
  // keeps one per id, so the race only costs a lookup.
  private Counter register(Operation operation, int status) {
    return Counter.builder(MeterNames.REQUESTS)
        .description("API requests by route, operation and status as the client saw it")
        .tag("route", route)
        .tag("operation", operation.label())
        .tag("status", Integer.toString(status))
        .register(registry);
  }

  private Timer timer(String name, String description) {
    return Timer.builder(name)
        .description(description)
        .tag("route", route)
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry);
  }

  private Counter tokenCounter(String direction) {
    return Counter.builder(MeterNames.TOKENS)
        .description("Tokens by route and direction (input, output); cache hits not counted")
        .tag("route", route)
        .tag("direction", direction)
        .register(registry);
  }
}

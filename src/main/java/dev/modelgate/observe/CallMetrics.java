package dev.modelgate.observe;

import dev.modelgate.chain.AnswerHeaders;
import dev.modelgate.chain.Call;
import dev.modelgate.chain.CallListener;
import dev.modelgate.error.GatewayException;
import dev.modelgate.model.Usage;
import dev.modelgate.route.Target;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The request and upstream meters (docs/metrics.md). Labels are bounded: configured route names
 * (never the model a client typed: an unrouted request is {@code route="none"}), upstream names,
 * status codes, error type names and fixed policy words.
 */
public final class CallMetrics implements CallListener {
  /** The route label of a request that never reached a route (bad key, unknown model). */
  public static final String NO_ROUTE = "none";

  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
    Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)
  };

  private final MeterRegistry registry;
  private final AtomicInteger streams = new AtomicInteger();
  // The meters every call touches, by name and label values: registering through a builder sorts
  // and copies the tags and looks the meter up by its whole id on each call. The labels are
  // bounded (see above), so this map is too; these meters are never removed from the registry.
  private final Map<List<String>, Meter> hot = new ConcurrentHashMap<>();

  public CallMetrics(MeterRegistry registry) {
    this.registry = registry;
    registry.gauge(MeterNames.STREAMS_IN_FLIGHT, streams);
  }

  /** Every request, routed or not: called by the front door once the answer is written. */
  public void requestEnd(
      @Nullable Call call,
      String operation,
      int status,
      @Nullable Usage usage,
      @Nullable GatewayException failure,
      long elapsedNanos) {
    String route = call == null ? NO_ROUTE : route(call);
    String statusText = Integer.toString(status);
    hot(
            List.of(MeterNames.REQUESTS, route, operation, statusText),
            () ->
                Counter.builder(MeterNames.REQUESTS)
                    .description("API requests by route, operation and status as the client saw it")
                    .tag("route", route)
                    .tag("operation", operation)
                    .tag("status", statusText)
                    .register(registry))
        .increment();
    if (failure != null) {
      Counter.builder(MeterNames.ERRORS)
          .description("Failed requests by error type")
          .tag("route", route)
          .tag("type", failure.getClass().getSimpleName())
          .register(registry)
          .increment();
    }
    latency(MeterNames.REQUEST_DURATION, "Request duration, to the last byte", route)
        .record(elapsedNanos, TimeUnit.NANOSECONDS);
    if (usage != null && !"hit".equals(cacheOf(call))) {
      tokens(route, "input").increment(usage.promptTokens());
      tokens(route, "output").increment(usage.completionTokens());
    }
  }

  /** Adds the cost of a call in the prices' currency (the usage records compute it). */
  public void cost(Call call, String currency, double amount) {
    Counter.builder(MeterNames.COST)
        .description("Cost of calls in the currency of the price table")
        .tag("route", route(call))
        .tag("currency", currency)
        .register(registry)
        .increment(amount);
  }

  /** Counts a request a rate limit refused. */
  public void rateLimitRejected(String route, String scope) {
    Counter.builder(MeterNames.RATELIMIT_REJECTIONS)
        .description("Requests refused by a rate limit")
        .tag("route", route)
        .tag("scope", scope)
        .register(registry)
        .increment();
  }

  @Override
  public void attemptEnd(Call call, Target target, @Nullable GatewayException failure) {
    String outcome = failure == null ? "ok" : failure.getClass().getSimpleName();
    hot(
            List.of(MeterNames.ATTEMPTS, target.endpoint(), outcome),
            () ->
                Counter.builder(MeterNames.ATTEMPTS)
                    .description("Upstream attempts by upstream and outcome")
                    .tag("upstream", target.endpoint())
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
    if (call.attempts() > 1) {
      Counter.builder(MeterNames.RETRIES)
          .description("Upstream attempts after a call's first (retries and fallbacks)")
          .tag("upstream", target.endpoint())
          .register(registry)
          .increment();
    }
  }

  @Override
  public void firstToken(Call call) {
    latency(MeterNames.TTFT, "Time to the first token (or the whole answer)", route(call))
        .record(call.timeToFirstTokenNanos(), TimeUnit.NANOSECONDS);
    if (call.request().stream()) {
      streams.incrementAndGet();
    }
  }

  @Override
  public void decision(Call call, String name, String value) {
    String route = route(call);
    Counter.builder(MeterNames.DECISIONS)
        .description("Policy decisions by policy and outcome")
        .tag("route", route)
        .tag("policy", name)
        .tag("decision", value)
        .register(registry)
        .increment();
    if (name.equals("fallback")) {
      Counter.builder(MeterNames.FALLBACKS)
          .description("Calls answered by a fallback level")
          .tag("route", route)
          .tag("level", value)
          .register(registry)
          .increment();
    } else if (name.equals("ratelimit") && value.equals("rejected")) {
      String scope = call.responseHeader(AnswerHeaders.RATELIMIT_SCOPE);
      rateLimitRejected(route, scope == null ? "any" : scope);
    }
  }

  @Override
  public void callEnd(
      Call call, int status, @Nullable Usage usage, @Nullable GatewayException failure) {
    if (call.request().stream() && call.timeToFirstTokenNanos() > 0) {
      streams.decrementAndGet();
    }
  }

  private Timer latency(String name, String description, String route) {
    return hot(
        List.of(name, route),
        () ->
            Timer.builder(name)
                .description(description)
                .tag("route", route)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry));
  }

  private Counter tokens(String route, String direction) {
    return hot(
        List.of(MeterNames.TOKENS, route, direction),
        () ->
            Counter.builder(MeterNames.TOKENS)
                .description(
                    "Tokens by route and direction (input, output); cache hits not counted")
                .tag("route", route)
                .tag("direction", direction)
                .register(registry));
  }

  @SuppressWarnings("unchecked") // a key's first element is the meter name, one type per name
  private <M extends Meter> M hot(List<String> key, Supplier<M> register) {
    Meter meter = hot.get(key);
    if (meter == null) {
      meter = hot.computeIfAbsent(key, k -> register.get());
    }
    return (M) meter;
  }

  private static String route(Call call) {
    return call.route().route().model();
  }

  private static @Nullable String cacheOf(@Nullable Call call) {
    return call == null ? null : call.responseHeader(dev.modelgate.chain.AnswerHeaders.CACHE);
  }
}

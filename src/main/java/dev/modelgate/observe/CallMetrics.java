package dev.modelgate.observe;

import dev.modelgate.chain.AnswerHeaders;
import dev.modelgate.chain.Call;
import dev.modelgate.chain.CallListener;
import dev.modelgate.error.GatewayException;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Usage;
import dev.modelgate.route.Target;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The request and upstream meters (docs/metrics.md). Labels are bounded: configured route names
 * (never the model a client typed: an unrouted request is {@code route="none"}), upstream names,
 * status codes, error type names and fixed policy words.
 */
public final class CallMetrics implements CallListener {
  /** The route label of a request that never reached a route (bad key, unknown model). */
  public static final String NO_ROUTE = "none";

  private final MeterRegistry registry;
  private final AtomicInteger streams = new AtomicInteger();
  // The meters every call touches, by route and by upstream; labels are bounded (see above).
  private final Map<String, RouteMeters> routes = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Counter>> attempts = new ConcurrentHashMap<>();

  public CallMetrics(MeterRegistry registry) {
    this.registry = registry;
    registry.gauge(MeterNames.STREAMS_IN_FLIGHT, streams);
  }

  /** Every request, routed or not: called by the front door once the answer is written. */
  public void requestEnd(
      @Nullable Call call,
      Operation operation,
      int status,
      @Nullable Usage usage,
      @Nullable GatewayException failure,
      long elapsedNanos) {
    String route = call == null ? NO_ROUTE : route(call);
    RouteMeters meters = meters(route);
    meters.requests(operation, status).increment();
    if (failure != null) {
      Counter.builder(MeterNames.ERRORS)
          .description("Failed requests by error type")
          .tag("route", route)
          .tag("type", failure.getClass().getSimpleName())
          .register(registry)
          .increment();
    }
    meters.latency().record(elapsedNanos, TimeUnit.NANOSECONDS);
    if (usage != null && !"hit".equals(cacheOf(call))) {
      meters.tokens(usage.promptTokens(), usage.completionTokens());
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
    attemptCounter(target.endpoint(), outcome).increment();
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
    meters(route(call))
        .timeToFirstToken()
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

  private Counter attemptCounter(String upstream, String outcome) {
    Map<String, Counter> byOutcome = attempts.get(upstream);
    Counter counter = byOutcome == null ? null : byOutcome.get(outcome);
    if (counter != null) {
      return counter;
    }
    return attempts
        .computeIfAbsent(upstream, u -> new ConcurrentHashMap<>())
        .computeIfAbsent(
            outcome,
            o ->
                Counter.builder(MeterNames.ATTEMPTS)
                    .description("Upstream attempts by upstream and outcome")
                    .tag("upstream", upstream)
                    .tag("outcome", o)
                    .register(registry));
  }

  private RouteMeters meters(String route) {
    RouteMeters meters = routes.get(route);
    return meters != null
        ? meters
        : routes.computeIfAbsent(route, r -> new RouteMeters(registry, r));
  }

  private static String route(Call call) {
    return call.route().route().model();
  }

  private static @Nullable String cacheOf(@Nullable Call call) {
    return call == null ? null : call.responseHeader(dev.modelgate.chain.AnswerHeaders.CACHE);
  }
}

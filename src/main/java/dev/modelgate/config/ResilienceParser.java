package dev.modelgate.config;

import dev.modelgate.policy.breaker.BreakerSettings;
import dev.modelgate.policy.cache.CacheScope;
import dev.modelgate.policy.cache.CacheSettings;
import dev.modelgate.policy.fallback.FallbackLevel;
import dev.modelgate.policy.fallback.FallbackSettings;
import dev.modelgate.policy.retry.RetrySettings;
import dev.modelgate.provider.spi.Secret;
import dev.modelgate.route.SelectionStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The resilience keys of a route (strategy, retry, breaker, cache, fallback) and an endpoint's key
 * pool ({@code api_keys}, {@code key_cooldown}).
 */
final class ResilienceParser {
  static final Set<String> ROUTE_KEYS = Set.of("strategy", "retry", "breaker", "cache", "fallback");

  private ResilienceParser() {}

  static GatewayConfig.Resilience route(ConfigNode node) {
    SelectionStrategy strategy =
        choice(node.child("strategy"), SelectionStrategy.class, SelectionStrategy.ORDERED);
    CacheSettings cache = node.has("cache") ? cache(node.object("cache")) : null;
    return new GatewayConfig.Resilience(
        strategy,
        node.has("retry") ? retry(node.object("retry")) : null,
        node.has("breaker") ? breaker(node.object("breaker")) : null,
        cache,
        node.has("fallback") ? fallback(node.object("fallback"), cache != null) : null);
  }

  private static RetrySettings retry(ConfigNode node) {
    node.allowOnly(Set.of("attempts", "backoff", "max_backoff", "deadline", "target"));
    RetrySettings d = RetrySettings.DEFAULT;
    String target = node.string("target", "next");
    if (!target.equals("next") && !target.equals("same")) {
      node.child("target").problem("must be same or next, not '" + target + "'");
    }
    return new RetrySettings(
        node.integer("attempts", d.attempts(), 1, 20),
        node.duration("backoff", d.backoff()),
        node.duration("max_backoff", d.maxBackoff()),
        node.duration("deadline", d.deadline()),
        !target.equals("same"));
  }

  private static BreakerSettings breaker(ConfigNode node) {
    node.allowOnly(
        Set.of("consecutive_failures", "failure_rate", "window", "min_calls", "cool_down"));
    BreakerSettings d = BreakerSettings.DEFAULT;
    int window = node.integer("window", d.window(), 1, 10_000);
    return new BreakerSettings(
        node.integer("consecutive_failures", d.consecutiveFailures(), 1, 10_000),
        node.decimal("failure_rate", d.failureRate(), 0.01, 1),
        window,
        node.integer("min_calls", Math.min(d.minCalls(), window), 1, window),
        node.duration("cool_down", d.coolDown()));
  }

  private static CacheSettings cache(ConfigNode node) {
    node.allowOnly(Set.of("ttl", "scope", "max_entries", "stale_for"));
    return new CacheSettings(
        node.duration("ttl", Duration.ofMinutes(5)),
        choice(node.child("scope"), CacheScope.class, CacheScope.KEY),
        node.integer("max_entries", 10_000, 1, 10_000_000),
        node.duration("stale_for", Duration.ofHours(24)));
  }

  private static FallbackSettings fallback(ConfigNode node, boolean routeHasCache) {
    node.allowOnly(
        Set.of(
            "order",
            "models",
            "default_answer",
            "on_content_filter",
            "on_context_length",
            "continue_streams"));
    List<String> models = node.strings("models", List.of());
    String answer = node.optionalString("default_answer");
    Map<FallbackLevel, Boolean> configured =
        Map.of(
            FallbackLevel.MODELS,
            !models.isEmpty(),
            FallbackLevel.CACHE,
            routeHasCache,
            FallbackLevel.DEFAULT,
            answer != null);
    List<FallbackLevel> order = new ArrayList<>();
    if (node.has("order")) {
      List<ConfigNode> items = node.list("order");
      for (ConfigNode item : items) {
        FallbackLevel level = choice(item, FallbackLevel.class);
        if (level == null) {
          continue;
        } else if (order.contains(level)) {
          item.problem("'" + item.raw().asText() + "' is listed twice");
        } else if (!configured.getOrDefault(level, false)) {
          item.problem(unconfigured(level));
        } else {
          order.add(level);
        }
      }
    } else {
      FallbackSettings.DEFAULT_ORDER.stream()
          .filter(level -> configured.getOrDefault(level, false))
          .forEach(order::add);
    }
    return new FallbackSettings(
        order,
        models,
        answer,
        node.bool("on_content_filter", false),
        node.bool("on_context_length", false),
        node.bool("continue_streams", false));
  }

  private static String unconfigured(FallbackLevel level) {
    return switch (level) {
      case MODELS -> "the models level needs fallback.models";
      case CACHE -> "the cache level needs the route's cache (ttl: 0s keeps answers for it alone)";
      case DEFAULT -> "the default level needs fallback.default_answer";
    };
  }

  /** Each fallback model must be another route with a fixed name. */
  static void checkFallbacks(List<GatewayConfig.RouteSpec> routes, List<String> problems) {
    Set<String> names =
        routes.stream()
            .map(GatewayConfig.RouteSpec::model)
            .filter(m -> !m.endsWith("*"))
            .collect(Collectors.toSet());
    for (int i = 0; i < routes.size(); i++) {
      FallbackSettings fallback = routes.get(i).resilience().fallback();
      if (fallback == null) {
        continue;
      }
      for (int j = 0; j < fallback.models().size(); j++) {
        String model = fallback.models().get(j);
        String path = "routes[" + i + "].fallback.models[" + j + "]: ";
        if (model.equals(routes.get(i).model())) {
          problems.add(path + "a route cannot fall back to itself");
        } else if (!names.contains(model)) {
          problems.add(path + "unknown route '" + model + "' (a route with a fixed name)");
        }
      }
    }
  }

  static GatewayConfig.@Nullable KeyPoolSpec keyPool(ConfigNode node) {
    if (!node.has("api_keys")) {
      if (node.has("key_cooldown")) {
        node.child("key_cooldown").problem("only applies with api_keys");
      }
      return null;
    }
    if (node.has("api_key")) {
      node.child("api_keys").problem("use api_key or api_keys, not both");
    }
    List<Secret> keys =
        node.strings("api_keys", List.of()).stream()
            .filter(k -> !k.isBlank())
            .map(Secret::new)
            .toList();
    if (keys.isEmpty()) {
      node.child("api_keys").problem("needs at least one key");
    }
    return new GatewayConfig.KeyPoolSpec(
        keys, node.duration("key_cooldown", Duration.ofMinutes(1)));
  }

  private static <E extends Enum<E>> E choice(ConfigNode node, Class<E> type, E fallback) {
    E value = choice(node, type);
    return value == null ? fallback : value;
  }

  /**
   * The constant of {@code type} whose lower-case name {@code node} holds, or null when it is
   * absent or none of them (then with a problem naming the choices).
   */
  private static <E extends Enum<E>> @Nullable E choice(ConfigNode node, Class<E> type) {
    if (node.raw().isMissingNode() || node.raw().isNull()) {
      return null;
    }
    String value = node.raw().asText();
    for (E constant : type.getEnumConstants()) {
      if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
        return constant;
      }
    }
    node.problem(
        "must be one of "
            + Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "))
            + ", not '"
            + value
            + "'");
    return null;
  }
}

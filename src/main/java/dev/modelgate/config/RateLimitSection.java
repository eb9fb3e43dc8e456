package dev.modelgate.config;

import dev.modelgate.policy.ratelimit.Limits;
import dev.modelgate.policy.ratelimit.RateLimitSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The top-level {@code rate_limits:} section and each route's {@code rate_limit:}. */
final class RateLimitSection {
  /** The key a route may carry for its limits. */
  static final Set<String> ROUTE_KEYS = Set.of("rate_limit");

  private static final Set<String> LIMIT_KEYS = Set.of("rpm", "tpm", "concurrent");

  private RateLimitSection() {}

  static RateLimitSettings read(ConfigNode root) {
    ConfigNode node = root.object("rate_limits");
    node.allowOnly(
        Set.of(
            "defaults",
            "keys",
            "teams",
            "users",
            "models",
            "default_completion_tokens",
            "concurrency_lease"));
    Map<String, Limits> routes = new LinkedHashMap<>();
    for (ConfigNode route : root.list("routes")) {
      String model = route.optionalString("model");
      if (model != null && route.has("rate_limit")) {
        routes.put(model, limits(route.object("rate_limit")));
      }
    }
    Duration lease = node.duration("concurrency_lease", RateLimitSettings.DEFAULT_LEASE);
    if (lease.toSeconds() < 1) {
      node.child("concurrency_lease").problem("must be at least 1s");
      lease = RateLimitSettings.DEFAULT_LEASE;
    }
    return new RateLimitSettings(
        node.has("defaults") ? limits(node.object("defaults")) : Limits.NONE,
        each(node, "keys"),
        each(node, "teams"),
        each(node, "users"),
        each(node, "models"),
        routes,
        node.integer(
            "default_completion_tokens",
            (int) RateLimitSettings.DEFAULT_COMPLETION_TOKENS,
            0,
            10_000_000),
        lease);
  }

  private static Map<String, Limits> each(ConfigNode node, String field) {
    Map<String, Limits> out = new LinkedHashMap<>();
    node.entries(field).forEach((name, limits) -> out.put(name, limits(limits)));
    return out;
  }

  private static Limits limits(ConfigNode node) {
    node.allowOnly(LIMIT_KEYS);
    return new Limits(
        whole(node, "rpm"),
        whole(node, "tpm"),
        node.has("concurrent") ? node.integer("concurrent", 1, 1, 1_000_000) : null);
  }

  private static @Nullable Long whole(ConfigNode node, String field) {
    if (!node.has(field)) {
      return null;
    }
    java.math.BigDecimal value = node.amount(field);
    if (value == null) {
      return null;
    }
    try {
      long n = value.longValueExact();
      if (n >= 1) {
        return n;
      }
    } catch (ArithmeticException e) {
      // reported below
    }
    node.child(field).problem("must be a whole number of at least 1");
    return null;
  }
}

package dev.modelgate.policy.ratelimit;

import dev.modelgate.auth.KeyLimits;
import dev.modelgate.auth.Principal;
import dev.modelgate.model.ModelPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code rate_limits:} section and each route's {@code rate_limit:}: limits for keys without
 * their own ({@code keyDefaults}), per key name, team, user (a key's owner or a token's subject),
 * requested model (a name, or a prefix ending in {@code *} whose one bucket every model it matches
 * shares) and route; the completion tokens reserved for a call that sets no {@code max_tokens}; and
 * how long a concurrency slot is held at most (so a crashed instance frees it). A stored key's own
 * {@code rpm} and {@code tpm} win over the configured ones.
 */
public record RateLimitSettings(
    Limits keyDefaults,
    Map<String, Limits> keys,
    Map<String, Limits> teams,
    Map<String, Limits> users,
    Map<String, Limits> models,
    Map<String, Limits> routes,
    long defaultCompletionTokens,
    Duration lease) {
  public static final long DEFAULT_COMPLETION_TOKENS = 1024;
  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(10);
  public static final RateLimitSettings NONE =
      new RateLimitSettings(
          Limits.NONE,
          Map.of(),
          Map.of(),
          Map.of(),
          Map.of(),
          Map.of(),
          DEFAULT_COMPLETION_TOKENS,
          DEFAULT_LEASE);

  public RateLimitSettings {
    keys = Map.copyOf(keys);
    teams = Map.copyOf(teams);
    users = Map.copyOf(users);
    models = Map.copyOf(models);
    routes = Map.copyOf(routes);
  }

  /** Every limit a call of {@code principal} for {@code model} on {@code route} falls under. */
  List<Bucket> bucketsFor(Principal principal, String model, String route) {
    List<Bucket> buckets = new ArrayList<>();
    KeyLimits stored = principal.limits();
    Limits own =
        new Limits(stored.rpm() == null ? null : stored.rpm().longValue(), stored.tpm(), null)
            .orElse(keys.getOrDefault(principal.name(), Limits.NONE))
            .orElse(keyDefaults);
    add(buckets, Scope.KEY, principal.keyId(), principal.name(), own);
    String team = principal.team();
    if (team != null) {
      add(buckets, Scope.TEAM, team, team, teams.get(team));
    }
    String user = principal.owner();
    if (user != null) {
      add(buckets, Scope.USER, user, user, users.get(user));
    }
    add(buckets, Scope.MODEL, model, model, models.get(model));
    // A prefix pattern is one bucket for every model it matches (the family's limit), besides any
    // limit of the exact name: a call must fit both.
    for (Map.Entry<String, Limits> limit : models.entrySet()) {
      String pattern = limit.getKey();
      if (ModelPattern.isPrefix(pattern) && ModelPattern.matches(pattern, model)) {
        add(buckets, Scope.MODEL, pattern, pattern, limit.getValue());
      }
    }
    add(buckets, Scope.ROUTE, route, route, routes.get(route));
    return buckets;
  }

  private static void add(
      List<Bucket> buckets, Scope scope, String id, String name, @Nullable Limits limits) {
    if (limits == null) {
      return;
    }
    if (limits.rpm() != null) {
      buckets.add(new Bucket(scope, Bucket.Kind.REQUESTS, id, name, limits.rpm()));
    }
    if (limits.tpm() != null) {
      buckets.add(new Bucket(scope, Bucket.Kind.TOKENS, id, name, limits.tpm()));
    }
    if (limits.concurrent() != null) {
      buckets.add(new Bucket(scope, Bucket.Kind.CONCURRENT, id, name, limits.concurrent()));
    }
  }
}

package dev.modelgate.config;

import dev.modelgate.chain.ChainPlan;
import dev.modelgate.policy.breaker.BreakerPolicy;
import dev.modelgate.policy.breaker.BreakerSettings;
import dev.modelgate.policy.breaker.Breakers;
import dev.modelgate.policy.cache.CachePolicy;
import dev.modelgate.policy.cache.CacheSettings;
import dev.modelgate.policy.cache.ResponseCache;
import dev.modelgate.policy.fallback.FallbackPolicy;
import dev.modelgate.policy.fallback.FallbackSettings;
import dev.modelgate.policy.retry.RetryPolicy;
import dev.modelgate.policy.retry.RetrySettings;
import dev.modelgate.route.Route;
import dev.modelgate.route.Target;
import dev.modelgate.route.TargetSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds each route's target selector and its resilience policies (cache, fallback, retry, breaker)
 * from configuration, on the state that outlives reloads; then drops the state of what the new
 * configuration no longer has.
 */
final class ResiliencePolicies {
  private final PolicyServices services;

  ResiliencePolicies(PolicyServices services) {
    this.services = services;
  }

  TargetSelector selector(GatewayConfig.RouteSpec spec, List<Target> targets) {
    Map<Target, Integer> weights = new HashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      weights.put(targets.get(i), spec.targets().get(i).weight());
    }
    return new TargetSelector(
        spec.resilience().strategy(), weights, services.targetStats(), services.random());
  }

  /**
   * The policies of {@code route} with its traffic split ({@code split}: canary and shadow); {@code
   * routes} holds every route by name (for fallbacks).
   */
  ChainPlan.RoutePolicies forRoute(
      GatewayConfig.RouteSpec spec,
      Route route,
      Map<String, Route> routes,
      ChainPlan.RoutePolicies split) {
    GatewayConfig.Resilience on = spec.resilience();
    CacheSettings cacheSettings = on.cache();
    ResponseCache cache = null;
    CachePolicy cachePolicy = null;
    if (cacheSettings != null) {
      cache = services.caches().forRoute(spec.model(), cacheSettings);
      cachePolicy =
          new CachePolicy(
              spec.model(), cacheSettings, cache, services.clock(), services.registry());
    }
    RetrySettings retry = on.retry();
    BreakerSettings breaker = on.breaker();
    FallbackSettings fallback = on.fallback();
    return new ChainPlan.RoutePolicies(
        cachePolicy,
        split.canary(),
        split.shadow(),
        fallback == null ? null : fallback(spec.model(), fallback, cache, cacheSettings, routes),
        retry == null
            ? null
            : new RetryPolicy(retry, services.clock(), services.sleeper(), services.random()),
        breaker == null ? null : new BreakerPolicy(route.model(), breaker, services.breakers()));
  }

  private FallbackPolicy fallback(
      String model,
      FallbackSettings settings,
      @Nullable ResponseCache cache,
      @Nullable CacheSettings cacheSettings,
      Map<String, Route> routes) {
    List<FallbackPolicy.Backup> backups = new ArrayList<>();
    for (String backup : settings.models()) {
      backups.add(
          new FallbackPolicy.Backup(backup, Objects.requireNonNull(routes.get(backup)).targets()));
    }
    return new FallbackPolicy(
        model,
        settings,
        backups,
        cache == null || cacheSettings == null
            ? null
            : new FallbackPolicy.CacheLevel(cache, cacheSettings.scope()),
        services.clock());
  }

  /** Forgets breakers, caches and selection numbers the compiled configuration no longer uses. */
  void retainOnly(List<GatewayConfig.RouteSpec> specs, Map<String, Route> routes) {
    List<String> breakers = new ArrayList<>();
    List<String> caches = new ArrayList<>();
    List<String> targets = new ArrayList<>();
    for (GatewayConfig.RouteSpec spec : specs) {
      Route route = Objects.requireNonNull(routes.get(spec.model()));
      route.targets().forEach(t -> targets.add(t.toString()));
      if (spec.resilience().cache() != null) {
        caches.add(spec.model());
      }
      if (spec.resilience().breaker() != null) {
        List<Target> reachable = new ArrayList<>(route.targets());
        FallbackSettings fallback = spec.resilience().fallback();
        if (fallback != null) {
          fallback
              .models()
              .forEach(m -> reachable.addAll(Objects.requireNonNull(routes.get(m)).targets()));
        }
        reachable.forEach(t -> breakers.add(Breakers.key(spec.model(), t)));
      }
    }
    services.breakers().retain(Set.copyOf(breakers));
    services.caches().retain(caches);
    services.targetStats().retain(targets);
  }
}

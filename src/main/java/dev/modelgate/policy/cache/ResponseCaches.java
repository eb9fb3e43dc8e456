package dev.modelgate.policy.cache;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routes' caches, kept across configuration reloads: a reload that keeps a route's cache
 * settings keeps its answers.
 */
public final class ResponseCaches {
  private final Map<String, LocalResponseCache> caches = new ConcurrentHashMap<>();
  private final Clock clock;

  public ResponseCaches(Clock clock) {
    this.clock = clock;
  }

  public ResponseCache forRoute(String route, CacheSettings settings) {
    return caches.compute(
        route,
        (name, old) ->
            old != null && old.settings().equals(settings)
                ? old
                : new LocalResponseCache(settings, clock));
  }

  public void retain(Collection<String> routes) {
    caches.keySet().retainAll(Set.copyOf(routes));
  }
}

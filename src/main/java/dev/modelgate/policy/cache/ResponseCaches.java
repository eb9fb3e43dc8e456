package dev.modelgate.policy.cache;

import dev.modelgate.shared.RedisLink;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The routes' caches, kept across configuration reloads: a reload that keeps a route's cache
 * settings keeps its answers. With Redis each route's cache is shared by the fleet ({@link
 * RedisResponseCache}), with this instance's memory in front.
 */
public final class ResponseCaches {
  private record Kept(CacheSettings settings, ResponseCache cache) {}

  private final Map<String, Kept> caches = new ConcurrentHashMap<>();
  private final Clock clock;
  private final @Nullable RedisLink shared;

  public ResponseCaches(Clock clock) {
    this(clock, null);
  }

  /** Caches shared through {@code shared} (null: in this process only). */
  public ResponseCaches(Clock clock, @Nullable RedisLink shared) {
    this.clock = clock;
    this.shared = shared;
  }

  public ResponseCache forRoute(String route, CacheSettings settings) {
    return caches
        .compute(
            route,
            (name, old) ->
                old != null && old.settings().equals(settings)
                    ? old
                    : new Kept(settings, cache(route, settings)))
        .cache();
  }

  private ResponseCache cache(String route, CacheSettings settings) {
    LocalResponseCache local = new LocalResponseCache(settings, clock);
    return shared == null ? local : new RedisResponseCache(route, local, shared);
  }

  public void retain(Collection<String> routes) {
    caches.keySet().retainAll(Set.copyOf(routes));
  }
}

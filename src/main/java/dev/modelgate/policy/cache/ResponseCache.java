package dev.modelgate.policy.cache;

import org.jspecify.annotations.Nullable;

/**
 * Where answers are kept, by cache key. In memory per gateway now; a shared tier (Redis) will be
 * another implementation.
 */
public interface ResponseCache {
  @Nullable CachedAnswer get(String key);

  void put(String key, CachedAnswer answer);
}

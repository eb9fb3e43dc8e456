package dev.modelgate.policy.cache;

import org.jspecify.annotations.Nullable;

/**
 * Where answers are kept, by cache key: in memory per gateway ({@link LocalResponseCache}), or in
 * Redis for the fleet with memory in front ({@link RedisResponseCache}).
 */
public interface ResponseCache {
  @Nullable CachedAnswer get(String key);

  void put(String key, CachedAnswer answer);
}

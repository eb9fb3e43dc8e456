package dev.modelgate.policy.cache;

import java.time.Duration;

/**
 * A route's response cache.
 *
 * @param ttl how long an answer is served as a hit; zero keeps answers for the fallback only
 * @param scope who shares answers
 * @param maxEntries the most answers kept for the route (least recently used go first)
 * @param staleFor how long past its TTL an answer is still kept for the fallback's cache level
 */
public record CacheSettings(Duration ttl, CacheScope scope, int maxEntries, Duration staleFor) {

  /** How long an answer is kept at all. */
  public Duration retention() {
    return ttl.plus(staleFor);
  }
}

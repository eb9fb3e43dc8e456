package dev.modelgate.policy.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Answers in this gateway's memory (Caffeine): at most {@code maxEntries}, each dropped after the
 * route's TTL and stale window. Expiry follows the given clock, so tests move time by hand.
 */
public final class LocalResponseCache implements ResponseCache {
  private final Cache<String, CachedAnswer> answers;
  private final CacheSettings settings;

  public LocalResponseCache(CacheSettings settings, Clock clock) {
    this.settings = settings;
    this.answers =
        Caffeine.newBuilder()
            .maximumSize(settings.maxEntries())
            .expireAfterWrite(settings.retention())
            .ticker(
                () -> {
                  Instant now = clock.instant();
                  return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                })
            .build();
  }

  CacheSettings settings() {
    return settings;
  }

  @Override
  public @Nullable CachedAnswer get(String key) {
    return answers.getIfPresent(key);
  }

  @Override
  public void put(String key, CachedAnswer answer) {
    answers.put(key, answer);
  }

  long size() {
    answers.cleanUp();
    return answers.estimatedSize();
  }
}

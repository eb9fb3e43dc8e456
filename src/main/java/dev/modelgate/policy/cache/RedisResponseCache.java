package dev.modelgate.policy.cache;

import dev.modelgate.shared.RedisLink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.Tuple;

/**
 * A route's answers in Redis, shared by every instance, with this instance's memory in front: a
 * lookup that misses memory reads Redis ({@code mg:cache:<route>:<key>}, the serialized answer,
 * expiring after the route's TTL and stale window) and keeps what it found in memory; at most the
 * route's {@code max_entries} answers stay in Redis, the oldest stored going first. While Redis is
 * down the memory tier alone serves and keeps answers.
 */
final class RedisResponseCache implements ResponseCache {
  static final String USE = "cache";

  /** Answers larger than this stay in memory only: one huge answer should not crowd Redis. */
  static final int MAX_BYTES = 4 * 1024 * 1024;

  private static final byte[] NOTHING = new byte[0];
  private static final Logger LOG = Logger.getLogger(RedisResponseCache.class.getName());

  private final String route;
  private final LocalResponseCache local;
  private final RedisLink link;

  RedisResponseCache(String route, LocalResponseCache local, RedisLink link) {
    this.route = route;
    this.local = local;
    this.link = link;
  }

  @Override
  public @Nullable CachedAnswer get(String key) {
    CachedAnswer near = local.get(key);
    if (near != null) {
      return near;
    }
    byte[] stored = link.orLocal(USE, shared -> read(key), () -> NOTHING);
    if (stored.length == 0) {
      return null;
    }
    try {
      CachedAnswer answer = CachedAnswerCodec.decode(stored);
      local.put(key, answer);
      return answer;
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "a cached answer in Redis could not be read; treated as a miss", e);
      return null;
    }
  }

  @Override
  public void put(String key, CachedAnswer answer) {
    local.put(key, answer);
    long millis = local.settings().retention().toMillis();
    if (millis <= 0) {
      return;
    }
    byte[] bytes = CachedAnswerCodec.encode(answer);
    if (bytes.length > MAX_BYTES) {
      return;
    }
    link.orLocal(
        USE,
        shared -> shared.call("cache put", jedis -> store(jedis, key, bytes, millis)),
        () -> 0L);
  }

  /**
   * Stores an answer and keeps the route's answers in Redis to {@code max_entries}: an index by
   * time of storing (a sorted set that lives as long as its newest answer) names the oldest, which
   * go first. Trimming is not atomic with the store; instances storing at once may trim a few more
   * than needed, never leave more than the bound for long.
   */
  private long store(UnifiedJedis jedis, String key, byte[] bytes, long millis) {
    String stored = redisKey(key);
    String index = link.key("cache-index", route);
    jedis.set(stored.getBytes(StandardCharsets.UTF_8), bytes, SetParams.setParams().px(millis));
    jedis.zadd(index, System.currentTimeMillis(), stored);
    jedis.pexpire(index, millis);
    long over = jedis.zcard(index) - local.settings().maxEntries();
    if (over <= 0) {
      return 0;
    }
    String[] oldest =
        jedis.zpopmin(index, (int) over).stream().map(Tuple::getElement).toArray(String[]::new);
    return oldest.length == 0 ? 0 : jedis.del(oldest);
  }

  /** The stored answer's bytes, or none. */
  private byte[] read(String key) {
    return link.call(
        "cache get",
        jedis -> {
          byte[] stored = jedis.get(redisKey(key).getBytes(StandardCharsets.UTF_8));
          return stored == null ? NOTHING : stored;
        });
  }

  private String redisKey(String key) {
    return link.key("cache", route, key);
  }
}

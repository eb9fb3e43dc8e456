package dev.modelgate.shared;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The gateway's link to Redis: a connection pool, a health check that PINGs every {@code
 * health_interval} and flips the link up or down (each change logged once, shown by the gauge
 * {@code modelgate_shared_redis_up}), and the calls callers make through it. Any Redis error marks
 * the link down at once, so callers stop waiting on Redis and use their local state ({@link
 * #orLocal}, counted in {@code modelgate_shared_fallbacks_total}); the health check brings it back.
 */
public final class RedisLink implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RedisLink.class.getName());

  private final SharedSettings settings;
  private final String prefix;
  private final SharedSettings.Redis redis;
  private final UnifiedJedis client;
  private final AtomicInteger nextSeed = new AtomicInteger();
  private final MeterRegistry registry;
  private final AtomicBoolean up = new AtomicBoolean(true);
  private final List<Runnable> onReturn = new CopyOnWriteArrayList<>();
  private final Thread checker;
  private volatile boolean closed;

  private RedisLink(SharedSettings settings, MeterRegistry registry) {
    this.settings = settings;
    this.prefix = settings.keyPrefixInUse();
    this.redis = Objects.requireNonNull(settings.redis(), "shared.redis");
    this.registry = registry;
    this.client = RedisClients.pooled(redis);
    Gauge.builder("modelgate.shared.redis.up", up, u -> u.get() ? 1 : 0)
        .description("1 while Redis answers, 0 while instances fall back to local state")
        .register(registry);
    this.checker = Thread.ofVirtual().name("redis-health").unstarted(this::checkLoop);
  }

  /** Connects (a Redis that is down now only makes the link start down) and starts checking. */
  public static RedisLink start(SharedSettings settings, MeterRegistry registry) {
    RedisLink link = new RedisLink(settings, registry);
    link.check();
    link.checker.start();
    return link;
  }

  /** Whether Redis answered the last check and no call failed since. */
  public boolean up() {
    return up.get();
  }

  /** The share of a global limit this instance enforces alone while Redis is down. */
  public double localShare() {
    return settings.localShare();
  }

  /**
   * A key under the configured prefix: {@code mg:} + the parts joined by {@code :} ({@code {mg:}}
   * on a cluster, see {@link SharedSettings#keyPrefixInUse}).
   */
  public String key(String... parts) {
    return prefix + String.join(":", parts);
  }

  /**
   * Runs {@code command} on a pooled connection. A failure marks the link down and is thrown as
   * {@link SharedUnavailable}; while the link is down it is thrown without trying Redis.
   */
  public <T> T call(String what, Function<UnifiedJedis, T> command) {
    if (!up.get()) {
      throw new SharedUnavailable("Redis is down (" + what + ")", new IllegalStateException());
    }
    try {
      return command.apply(client);
    } catch (JedisException e) {
      if (e.getCause() instanceof NoSuchElementException) {
        // Every pooled connection is busy for longer than the timeout: this call goes local, but a
        // busy pool says nothing about Redis, so the link stays up.
        throw new SharedUnavailable("no free Redis connection (" + what + ")", e);
      }
      markDown(what, e);
      throw new SharedUnavailable("Redis failed (" + what + "): " + e.getMessage(), e);
    } catch (RuntimeException e) {
      markDown(what, e);
      throw new SharedUnavailable("Redis failed (" + what + "): " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code script} atomically with {@code EVALSHA}, loading it when Redis does not know it
   * (first use, or a restarted Redis).
   */
  public @Nullable Object eval(RedisScript script, List<String> keys, List<String> args) {
    return call(
        script.name(),
        jedis -> {
          try {
            return jedis.evalsha(script.sha1(), keys, args);
          } catch (JedisNoScriptException e) {
            return jedis.eval(script.source(), keys, args);
          } catch (JedisDataException e) {
            if (String.valueOf(e.getMessage()).startsWith("NOSCRIPT")) {
              return jedis.eval(script.source(), keys, args);
            }
            throw e;
          }
        });
  }

  /**
   * {@code shared} while Redis is up and answers; otherwise {@code local}, counted as a fallback of
   * {@code use} (a fixed word such as {@code ratelimit}: it becomes a metric label).
   */
  public <T> T orLocal(String use, Function<RedisLink, T> shared, Supplier<T> local) {
    if (up.get()) {
      try {
        return shared.apply(this);
      } catch (SharedUnavailable e) {
        // marked down already; this call and the next ones use local state
      }
    }
    fellBack(use);
    return local.get();
  }

  /** Counts one operation of {@code use} served from local state because Redis was down. */
  public void fellBack(String use) {
    Counter.builder("modelgate.shared.fallbacks")
        .description("Operations served from local state because Redis was down")
        .tag("use", use)
        .register(registry)
        .increment();
  }

  /**
   * Runs {@code resync} (on the health-check thread, so keep it short) each time Redis answers
   * again after being down: users push what they kept locally meanwhile and resubscribe.
   */
  public void whenBack(Runnable resync) {
    onReturn.add(resync);
  }

  /**
   * A connection of its own, outside the pool, without a read timeout: for a subscription, which
   * blocks its connection while it waits for messages. The caller closes it. On a cluster each call
   * takes the next seed node (a cluster delivers every message to every node).
   */
  public Jedis dedicatedConnection() {
    List<URI> seeds = redis.clustered() ? redis.cluster() : List.of(redis.url());
    URI seed = seeds.get(Math.floorMod(nextSeed.getAndIncrement(), seeds.size()));
    return RedisClients.dedicated(redis, seed);
  }

  private static void runQuietly(Runnable resync) {
    try {
      resync.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "re-syncing shared state after Redis returned failed", e);
    }
  }

  /** PINGs Redis now and flips the state; returns whether Redis is up. */
  public boolean check() {
    try {
      client.ping();
      if (up.compareAndSet(false, true)) {
        LOG.info(
            "Redis at "
                + redis.address()
                + " answers again: shared limits and state are back in Redis");
        onReturn.forEach(RedisLink::runQuietly);
      }
      return true;
    } catch (RuntimeException e) {
      markDown("health check", e);
      return false;
    }
  }

  private void markDown(String what, RuntimeException cause) {
    if (up.compareAndSet(true, false)) {
      LOG.log(
          Level.WARNING,
          "Redis at "
              + redis.address()
              + " failed ("
              + what
              + ": "
              + cause.getMessage()
              + "); each instance now keeps local state and enforces "
              + settings.localShare()
              + " of each global limit until Redis answers again");
    }
  }

  private void checkLoop() {
    Duration interval = settings.healthInterval();
    while (!closed) {
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
      if (!closed) {
        check();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    checker.interrupt();
    try {
      checker.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }
}

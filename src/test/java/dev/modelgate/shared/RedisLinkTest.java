package dev.modelgate.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The link to a real Redis: scripts, key prefix, up/down with its gauge, local fallback. */
class RedisLinkTest {
  private static final RedisScript INCR =
      RedisScript.resource(RedisLinkTest.class, "incr-test.lua");

  private static Object incr(RedisLink link) {
    return String.valueOf(link.eval(INCR, List.of(link.key("n")), List.of("1")));
  }

  @Test
  void runsScriptsAndReloadsThemAfterAFlush() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (TestRedis.Prefixed redis = TestRedis.shared();
        RedisLink link = RedisLink.start(redis.settings(0.5), registry)) {
      String key = link.key("counter", "a");
      assertThat(key).isEqualTo(redis.prefix() + "counter:a");
      assertThat(link.eval(INCR, List.of(key), List.of("2"))).isEqualTo(2L);
      try (Jedis direct = redis.connect()) {
        direct.scriptFlush(); // as a restarted Redis: the script's SHA is unknown now
        assertThat(link.eval(INCR, List.of(key), List.of("3"))).isEqualTo(5L);
        assertThat(direct.get(key)).isEqualTo("5");
      }
      assertThat(link.up()).isTrue();
      assertThat(registry.get("modelgate.shared.redis.up").gauge().value()).isEqualTo(1);
    }
  }

  @Test
  void aStoppedRedisFlipsTheLinkDownAndCallersFallBackUntilItReturns() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (TestRedis.PrivateServer server = TestRedis.privateServer();
        RedisLink link = RedisLink.start(server.settings("t:", 0.5), registry)) {
      AtomicInteger local = new AtomicInteger();
      assertThat(
              link.<Object>orLocal(
                  "test", RedisLinkTest::incr, () -> (long) local.incrementAndGet()))
          .isEqualTo("1");

      server.stop();
      // The first call after the stop fails over at once (no health check needed).
      assertThat(link.<Object>orLocal("test", RedisLinkTest::incr, () -> -1L)).isEqualTo(-1L);
      assertThat(link.up()).isFalse();
      assertThat(registry.get("modelgate.shared.redis.up").gauge().value()).isZero();
      assertThatThrownBy(() -> link.call("get", jedis -> jedis.get("t:n")))
          .isInstanceOf(SharedUnavailable.class);
      assertThat(registry.get("modelgate.shared.fallbacks").tag("use", "test").counter().count())
          .isEqualTo(1);

      server.start(); // an empty Redis: the script is loaded again on first use
      Await.until(link::up, "the health check to see Redis again");
      assertThat(registry.get("modelgate.shared.redis.up").gauge().value()).isEqualTo(1);
      assertThat(link.<Object>orLocal("test", RedisLinkTest::incr, () -> -1L)).isEqualTo("1");
    }
  }

  @Test
  void aBusyPoolFailsTheCallButLeavesTheLinkUp() throws Exception {
    try (TestRedis.Prefixed redis = TestRedis.shared();
        RedisLink link =
            RedisLink.start(
                new SharedSettings(
                    new SharedSettings.Redis(redis.url(), null, Duration.ofMillis(200), 1),
                    redis.prefix(),
                    0.5,
                    Duration.ofSeconds(30)),
                new SimpleMeterRegistry())) {
      // A blocking pop holds the pool's only connection for up to two seconds.
      long blockedBefore = blockedClients(redis);
      Thread holder =
          Thread.ofVirtual()
              .start(() -> link.call("hold", jedis -> jedis.blpop(2, redis.prefix() + "empty")));
      Await.until(() -> blockedClients(redis) > blockedBefore, "the holder's pop waits in Redis");
      assertThatThrownBy(() -> link.call("ping", jedis -> jedis.ping()))
          .isInstanceOf(SharedUnavailable.class)
          .hasMessageContaining("no free Redis connection");
      assertThat(link.up()).isTrue();
      holder.join();
      String pong = link.call("ping", jedis -> jedis.ping());
      assertThat(pong).isEqualTo("PONG");
    }
  }

  private static long blockedClients(TestRedis.Prefixed redis) {
    try (Jedis jedis = new Jedis(redis.url())) {
      String info = jedis.info("clients");
      return info.lines()
          .filter(line -> line.startsWith("blocked_clients:"))
          .mapToLong(line -> Long.parseLong(line.substring("blocked_clients:".length()).strip()))
          .findFirst()
          .orElseThrow();
    }
  }

  @Test
  void aRedisDownAtStartStartsTheLinkDown() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TestRedis.PrivateServer server = TestRedis.privateServer();
    server.stop();
    try (server;
        RedisLink link = RedisLink.start(server.settings("t:", 0.5), registry)) {
      assertThat(link.up()).isFalse();
      server.start();
      Await.until(link::up, "the health check to see Redis");
    }
  }
}

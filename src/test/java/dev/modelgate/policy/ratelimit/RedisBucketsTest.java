package dev.modelgate.policy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.shared.RedisLink;
import dev.modelgate.testkit.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Buckets in the real Redis (its own clock), and leases that expire when nobody releases them. */
class RedisBucketsTest extends BucketStoreContract {
  private final TestRedis.Prefixed redis = TestRedis.shared();
  private final RedisLink link = RedisLink.start(redis.settings(0.5), new SimpleMeterRegistry());
  private final RedisBuckets store = new RedisBuckets(link);

  @AfterEach
  void close() {
    link.close();
    redis.close();
  }

  @Override
  BucketStore store() {
    return store;
  }

  @Override
  void advance(Duration time) {
    try {
      Thread.sleep(time.plusMillis(2)); // Redis's clock has millisecond steps
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void aSlotNobodyReleasesExpiresWithItsLease() {
    Bucket slots = bucket(Bucket.Kind.CONCURRENT, 1);
    Duration lease = Duration.ofMillis(300);
    // "crashed" takes the slot and never settles, as an instance that died mid-call.
    assertThat(store.admit(List.of(new Charge(slots, 1)), "crashed", lease).admitted()).isTrue();
    assertThat(store.admit(List.of(new Charge(slots, 1)), "next", lease).admitted()).isFalse();
    advance(lease);
    assertThat(store.admit(List.of(new Charge(slots, 1)), "next", lease).admitted()).isTrue();
  }

  @Test
  void bucketsLiveUnderThePrefixAndExpireOnceFull() {
    Bucket rpm = bucket(Bucket.Kind.REQUESTS, 600);
    store.admit(List.of(new Charge(rpm, 1)), "l", Duration.ofMinutes(1));
    try (Jedis jedis = redis.connect()) {
      String key = redis.prefix() + rpm.path();
      assertThat(jedis.hget(key, "level")).startsWith("599");
      // Full again 100 ms after one request; kept one second beyond that.
      assertThat(jedis.pttl(key)).isBetween(1L, 1100L);
    }
  }

  /**
   * A settlement sent again (its first sending timed out, yet Redis ran it) does nothing the second
   * time: the call's open mark, set when it was admitted, is gone.
   */
  @Test
  void aSettlementSentTwiceCountsOnce() {
    Bucket tpm = bucket(Bucket.Kind.TOKENS, 100_000);
    assertThat(admit("twice", new Charge(tpm, 60_000)).admitted()).isTrue();
    String open = redis.prefix() + "rl:open:twice";
    try (Jedis jedis = redis.connect()) {
      assertThat(jedis.pttl(open)).isGreaterThan(Duration.ofHours(23).toMillis());
      store.settle(List.of(new Charge(tpm, 30_000)), "twice"); // 70,000 left
      assertThat(jedis.exists(open)).isFalse();
      store.settle(List.of(new Charge(tpm, 30_000)), "twice"); // again: nothing
    }
    assertThat(admit("after", new Charge(tpm, 80_000)).admitted()).isFalse();
    assertThat(admit("after", new Charge(tpm, 65_000)).admitted()).isTrue();
  }
}

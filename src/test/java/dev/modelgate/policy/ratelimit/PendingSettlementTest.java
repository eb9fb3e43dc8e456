package dev.modelgate.policy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.shared.RedisLink;
import dev.modelgate.shared.SharedUnavailable;
import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A call admitted in Redis that ends while Redis does not answer is settled there once it answers
 * again: its concurrency slot is freed long before its lease would expire, and the tokens it
 * reserved but did not use go back. Redis is made unresponsive without losing its data (CLIENT
 * PAUSE), as a network partition or a failover would.
 */
class PendingSettlementTest {
  private static final Duration LEASE = Duration.ofMinutes(10);

  @Test
  void aCallThatEndsWhileRedisIsAwayIsSettledWhenItAnswersAgain() throws Exception {
    try (TestRedis.PrivateServer server = TestRedis.privateServer();
        RedisLink link = RedisLink.start(server.settings("t:", 0.5), new SimpleMeterRegistry());
        RateLimitBuckets buckets = new RateLimitBuckets(Clock.systemUTC(), link)) {
      Bucket slots = BucketStoreContract.bucket(Bucket.Kind.CONCURRENT, 1);
      Bucket tokens = BucketStoreContract.bucket(Bucket.Kind.TOKENS, 1000);
      Admission call =
          buckets.admit(List.of(new Charge(slots, 1), new Charge(tokens, 900)), "call-1", LEASE);
      assertThat(call.admitted()).isTrue();
      assertThat(call.fallback()).isFalse();

      try (Jedis admin = server.connect()) {
        admin.clientPause(1500);
      }
      // Another call's command times out and the link goes down, so the settlement below is not
      // sent at all (a command that timed out may still run once Redis resumes).
      assertThatThrownBy(() -> link.call("probe", jedis -> jedis.ping()))
          .isInstanceOf(SharedUnavailable.class);
      assertThat(link.up()).isFalse();
      // The call used 100 of the 900 tokens it reserved: 800 go back, and its slot is freed.
      buckets.settle(call, List.of(new Charge(slots, 1), new Charge(tokens, 800)), "call-1");
      assertThat(buckets.pendingSettlements()).isEqualTo(1);

      Await.until(link::up, "Redis to answer after the pause");
      Await.until(() -> buckets.pendingSettlements() == 0, "the settlement to be applied");
      Admission next =
          buckets.admit(List.of(new Charge(slots, 1), new Charge(tokens, 800)), "call-2", LEASE);
      assertThat(next.admitted()).as("the slot and the tokens are back").isTrue();
      assertThat(next.fallback()).isFalse();
    }
  }

  /**
   * The settlement itself times out while Redis is paused, yet Redis runs it when the pause ends;
   * the gateway sends it again once Redis answers, and the second sending does nothing: the tokens
   * come back once.
   */
  @Test
  void aSettlementThatTimedOutButRanIsNotCountedTwice() throws Exception {
    try (TestRedis.PrivateServer server = TestRedis.privateServer();
        RedisLink link = RedisLink.start(server.settings("t:", 0.5), new SimpleMeterRegistry());
        RateLimitBuckets buckets = new RateLimitBuckets(Clock.systemUTC(), link)) {
      // 1,000 a minute: about 17 tokens refill a second, too few to blur the figures below.
      Bucket tokens = BucketStoreContract.bucket(Bucket.Kind.TOKENS, 1000);
      Admission call = buckets.admit(List.of(new Charge(tokens, 900)), "call-1", LEASE);
      assertThat(call.admitted()).isTrue();

      try (Jedis admin = server.connect()) {
        admin.clientPause(1500);
      }
      // 500 of the 900 go back: the command is sent, times out, and runs when the pause ends.
      buckets.settle(call, List.of(new Charge(tokens, 500)), "call-1");
      assertThat(buckets.pendingSettlements()).isEqualTo(1);
      Await.until(link::up, "Redis to answer after the pause");
      Await.until(() -> buckets.pendingSettlements() == 0, "the settlement to be sent again");

      // Once: about 600 now (100 + 500, and what refilled); twice would have filled the bucket.
      assertThat(buckets.admit(List.of(new Charge(tokens, 800)), "call-2", LEASE).admitted())
          .isFalse();
      assertThat(buckets.admit(List.of(new Charge(tokens, 550)), "call-3", LEASE).admitted())
          .isTrue();
    }
  }
}

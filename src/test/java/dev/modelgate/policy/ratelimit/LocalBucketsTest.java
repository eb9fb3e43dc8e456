package dev.modelgate.policy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.FakeClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Buckets in this process on a fake clock, and the local share enforced while Redis is down. */
class LocalBucketsTest extends BucketStoreContract {
  private final FakeClock clock = new FakeClock();
  private final LocalBuckets store = new LocalBuckets(clock, 1.0);

  @Override
  BucketStore store() {
    return store;
  }

  @Override
  void advance(Duration time) {
    clock.advance(time);
  }

  @Test
  void aShareOfTheLimitIsEnforced() {
    LocalBuckets half = new LocalBuckets(clock, 0.5);
    Bucket rpm = bucket(Bucket.Kind.REQUESTS, 11);
    int admitted = 0;
    for (int i = 0; i < 20; i++) {
      admitted +=
          half.admit(List.of(new Charge(rpm, 1)), "l", Duration.ofMinutes(1)).admitted() ? 1 : 0;
    }
    assertThat(admitted).isEqualTo(5);
    assertThat(half.local(1)).as("never below one").isEqualTo(1);
  }

  @Test
  void aBucketRefillsContinuouslyAndNeverAboveItsLimit() {
    Bucket rpm = bucket(Bucket.Kind.REQUESTS, 60);
    for (int i = 0; i < 60; i++) {
      admit("l", new Charge(rpm, 1));
    }
    clock.advance(Duration.ofMillis(2500));
    assertThat(admit("l", new Charge(rpm, 1)).states().get(0).remaining()).isEqualTo(1);
    clock.advance(Duration.ofHours(1));
    assertThat(admit("l", new Charge(rpm, 1)).states().get(0).remaining()).isEqualTo(59);
  }
}

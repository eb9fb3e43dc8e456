package dev.modelgate.policy.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The window arithmetic every bucket store must share (in this process, in Redis): a rate bucket
 * admits a burst up to its limit and then one call per refill interval, a call's charges are all or
 * nothing, settlement gives back or takes, and concurrency slots are released.
 */
abstract class BucketStoreContract {
  private static final Duration LEASE = Duration.ofMinutes(1);

  /** The store under test, empty: each test uses buckets of its own. */
  abstract BucketStore store();

  /** Lets at least {@code time} pass for the store's clock. */
  abstract void advance(Duration time);

  static Bucket bucket(Bucket.Kind kind, long limit) {
    return new Bucket(Scope.KEY, kind, UUID.randomUUID().toString(), "k", limit);
  }

  Admission admit(String lease, Charge... charges) {
    return store().admit(List.of(charges), lease, LEASE);
  }

  @Test
  void aBurstUpToTheLimitThenOneCallPerRefillInterval() {
    Bucket rpm = bucket(Bucket.Kind.REQUESTS, 120); // refills one request every 500 ms
    for (int i = 0; i < 120; i++) {
      assertThat(admit("l", new Charge(rpm, 1)).admitted()).as("call %d", i).isTrue();
    }
    Admission refused = admit("l", new Charge(rpm, 1));
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.refusedBy()).isEqualTo(rpm);
    assertThat(refused.retryAfter())
        .isNotNull()
        .isPositive()
        .isLessThanOrEqualTo(Duration.ofMillis(500));
    assertThat(refused.states().get(0).remaining()).isZero();

    advance(refused.retryAfter());
    assertThat(admit("l", new Charge(rpm, 1)).admitted()).isTrue();
  }

  @Test
  void remainingAndResetDescribeTheBucketAfterTheCall() {
    Bucket tpm = bucket(Bucket.Kind.TOKENS, 6000); // 100 tokens a second
    Admission.State state = admit("l", new Charge(tpm, 1500)).states().get(0);
    assertThat(state.limit()).isEqualTo(6000);
    assertThat(state.remaining()).isBetween(4500L, 4510L);
    assertThat(state.resetMillis()).isBetween(14_800L, 15_000L);
  }

  @Test
  void aCallsChargesAreAllOrNothing() {
    Bucket wide = bucket(Bucket.Kind.REQUESTS, 50);
    Bucket narrow = bucket(Bucket.Kind.REQUESTS, 1);
    assertThat(admit("l", new Charge(wide, 1), new Charge(narrow, 1)).admitted()).isTrue();
    Admission second = admit("l", new Charge(wide, 1), new Charge(narrow, 1));
    assertThat(second.admitted()).isFalse();
    assertThat(second.refusedBy()).isEqualTo(narrow);
    // The refused call took nothing from the wide bucket: 49 remain before this one.
    assertThat(admit("l", new Charge(wide, 1)).states().get(0).remaining()).isEqualTo(48);
  }

  @Test
  void aCallLargerThanTheLimitNeverFits() {
    Bucket tpm = bucket(Bucket.Kind.TOKENS, 100);
    Admission refused = admit("l", new Charge(tpm, 101));
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.retryAfter()).isNull();
  }

  @Test
  void settlementGivesBackUnusedTokensAndTakesOverruns() {
    Bucket tpm = bucket(Bucket.Kind.TOKENS, 100_000);
    assertThat(admit("l", new Charge(tpm, 60_000)).admitted()).isTrue();
    assertThat(admit("l", new Charge(tpm, 50_000)).admitted()).isFalse();

    store().settle(List.of(new Charge(tpm, 30_000)), "l"); // used 30,000 of 60,000 reserved
    assertThat(admit("l", new Charge(tpm, 50_000)).admitted()).isTrue();

    store().settle(List.of(new Charge(tpm, -40_000)), "l"); // used 40,000 more than reserved
    Admission inDebt = admit("l", new Charge(tpm, 1));
    assertThat(inDebt.admitted()).isFalse();
    // About 20,000 tokens of debt at 100,000 a minute: some 12 seconds.
    assertThat(inDebt.retryAfter()).isBetween(Duration.ofSeconds(11), Duration.ofSeconds(13));
  }

  @Test
  void concurrencySlotsAreHeldUntilReleased() {
    Bucket slots = bucket(Bucket.Kind.CONCURRENT, 2);
    assertThat(admit("a", new Charge(slots, 1)).admitted()).isTrue();
    Admission second = admit("b", new Charge(slots, 1));
    assertThat(second.admitted()).isTrue();
    assertThat(second.states().get(0).remaining()).isZero();
    Admission third = admit("c", new Charge(slots, 1));
    assertThat(third.admitted()).isFalse();
    assertThat(third.retryAfter()).isEqualTo(Duration.ofSeconds(1));

    store().settle(List.of(new Charge(slots, 1)), "a");
    assertThat(admit("c", new Charge(slots, 1)).admitted()).isTrue();
  }
}

package dev.modelgate.policy.ratelimit;

import dev.modelgate.shared.RedisLink;
import dev.modelgate.shared.RedisScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Buckets in the shared Redis, so a limit holds for the whole fleet: {@code admit.lua} and {@code
 * settle.lua} run each call's charges atomically with Redis's own clock. Throws {@link
 * dev.modelgate.shared.SharedUnavailable} when Redis fails; the caller falls back to local buckets.
 */
final class RedisBuckets implements BucketStore {
  private static final RedisScript ADMIT = RedisScript.resource(RedisBuckets.class, "admit.lua");
  private static final RedisScript SETTLE = RedisScript.resource(RedisBuckets.class, "settle.lua");

  private final RedisLink link;

  RedisBuckets(RedisLink link) {
    this.link = link;
  }

  @Override
  public Admission admit(List<Charge> charges, String lease, Duration leaseTime) {
    List<String> keys = new ArrayList<>(charges.size());
    List<String> args = new ArrayList<>(2 + 3 * charges.size());
    args.add(lease);
    args.add(Long.toString(leaseTime.toMillis()));
    for (Charge charge : charges) {
      keys.add(link.key(charge.bucket().path()));
      args.add(charge.bucket().rate() ? "r" : "c");
      args.add(Long.toString(charge.bucket().limit()));
      args.add(Long.toString(charge.amount()));
    }
    List<?> reply = (List<?>) link.eval(ADMIT, keys, args);
    if (reply == null) {
      throw new IllegalStateException("admit.lua returned nothing");
    }
    boolean admitted = number(reply, 0) == 1;
    int refusedIndex = (int) number(reply, 1);
    long wait = number(reply, 2);
    List<Admission.State> states = new ArrayList<>(charges.size());
    for (int i = 0; i < charges.size(); i++) {
      Bucket bucket = charges.get(i).bucket();
      states.add(
          new Admission.State(
              bucket, bucket.limit(), number(reply, 3 + 2 * i), number(reply, 4 + 2 * i)));
    }
    return new Admission(
        admitted,
        admitted ? null : charges.get(refusedIndex - 1).bucket(),
        admitted || wait < 0 ? null : Duration.ofMillis(wait),
        states,
        false);
  }

  @Override
  public void settle(List<Charge> adjustments, String lease) {
    List<String> keys = new ArrayList<>(adjustments.size());
    List<String> args = new ArrayList<>(1 + 3 * adjustments.size());
    args.add(lease);
    for (Charge adjustment : adjustments) {
      keys.add(link.key(adjustment.bucket().path()));
      args.add(adjustment.bucket().rate() ? "r" : "c");
      args.add(Long.toString(adjustment.bucket().limit()));
      args.add(Long.toString(adjustment.amount()));
    }
    link.eval(SETTLE, keys, args);
  }

  private static long number(List<?> reply, int index) {
    return ((Number) reply.get(index)).longValue();
  }
}

package dev.modelgate.policy.ratelimit;

import dev.modelgate.shared.RedisLink;
import dev.modelgate.shared.RedisScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Buckets in the shared Redis, so a limit holds for the whole fleet: {@code buckets.lua} admits and
 * settles each call's charges atomically with Redis's own clock, each call settled once however
 * often its settlement is sent (an admitted call holds an open mark that settling deletes). Throws
 * {@link dev.modelgate.shared.SharedUnavailable} when Redis fails; the caller falls back to local
 * buckets.
 */
final class RedisBuckets implements BucketStore {
  private static final RedisScript BUCKETS =
      RedisScript.resource(RedisBuckets.class, "buckets.lua");

  private final RedisLink link;

  RedisBuckets(RedisLink link) {
    this.link = link;
  }

  @Override
  public Admission admit(List<Charge> charges, String lease, Duration leaseTime) {
    List<?> reply = (List<?>) run("admit", charges, lease, leaseTime);
    if (reply == null) {
      throw new IllegalStateException("buckets.lua returned nothing");
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
    run("settle", adjustments, lease, Duration.ZERO);
  }

  /** Extends {@code lease} in each of {@code slots} (concurrency buckets) that still holds it. */
  void renew(List<Charge> slots, String lease, Duration leaseTime) {
    run("renew", slots, lease, leaseTime);
  }

  private @Nullable Object run(
      String mode, List<Charge> charges, String lease, Duration leaseTime) {
    List<String> keys = new ArrayList<>(charges.size());
    List<String> args = new ArrayList<>(3 + 3 * charges.size());
    args.add(mode);
    args.add(lease);
    args.add(Long.toString(leaseTime.toMillis()));
    for (Charge charge : charges) {
      keys.add(link.key(charge.bucket().path()));
      args.add(charge.bucket().rate() ? "r" : "c");
      args.add(Long.toString(charge.bucket().limit()));
      args.add(Long.toString(charge.amount()));
    }
    keys.add(link.key("rl:open:" + lease));
    return link.eval(BUCKETS, keys, args);
  }

  private static long number(List<?> reply, int index) {
    return ((Number) reply.get(index)).longValue();
  }
}

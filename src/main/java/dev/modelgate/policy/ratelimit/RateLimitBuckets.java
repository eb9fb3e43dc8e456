package dev.modelgate.policy.ratelimit;

import dev.modelgate.shared.RedisLink;
import dev.modelgate.shared.SharedUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The buckets of every rate limit, outliving configuration reloads: in Redis when the fleet shares
 * one (falling back to this instance's share of each limit while it is down, and back to Redis when
 * it answers again), otherwise in this process with the whole limit.
 */
public final class RateLimitBuckets implements AutoCloseable {
  private final @Nullable RedisLink link;
  private final @Nullable RedisBuckets redis;
  private final LocalBuckets local;
  private final @Nullable LeaseRenewer renewer;
  private final PendingSettlements pending = new PendingSettlements();

  public RateLimitBuckets(Clock clock, @Nullable RedisLink link) {
    this.link = link;
    this.redis = link == null ? null : new RedisBuckets(link);
    this.local = new LocalBuckets(clock, link == null ? 1.0 : link.localShare());
    this.renewer = redis == null ? null : new LeaseRenewer(redis);
    if (link != null) {
      link.whenBack(this::applyPending); // on the health check's thread: apply on one of their own
    }
  }

  private void applyPending() {
    RedisBuckets shared = redis;
    if (shared != null) {
      Thread.ofVirtual().name("ratelimit-settle").start(() -> pending.applyTo(shared));
    }
  }

  Admission admit(List<Charge> charges, String lease, Duration leaseTime) {
    RedisBuckets shared = redis;
    if (link == null || shared == null) {
      return local.admit(charges, lease, leaseTime);
    }
    Admission admission =
        link.orLocal(
            "ratelimit",
            l -> shared.admit(charges, lease, leaseTime),
            () -> local.admit(charges, lease, leaseTime).asFallback());
    LeaseRenewer leases = renewer;
    if (admission.admitted() && !admission.fallback() && leases != null) {
      leases.hold(charges, lease, leaseTime); // local slots do not expire; Redis ones are renewed
    }
    return admission;
  }

  /**
   * Settles where the call was admitted. A call admitted in Redis that ends while Redis is down is
   * settled there once it answers again ({@link PendingSettlements}), a settlement that timed out
   * too: Redis may have run it, and the script settles a call once however often it is sent.
   */
  void settle(Admission admission, List<Charge> adjustments, String lease) {
    LeaseRenewer leases = renewer;
    if (leases != null) {
      leases.release(lease);
    }
    RedisBuckets shared = redis;
    if (shared == null || admission.fallback()) {
      local.settle(adjustments, lease);
      return;
    }
    try {
      shared.settle(adjustments, lease);
    } catch (SharedUnavailable e) {
      // The link is marked down. The settlement is kept for its return (or applied now if it is
      // back already); if it timed out but ran, sending it again does nothing.
      if (pending.keep(adjustments, lease) && link != null && link.up()) {
        applyPending();
      }
    }
  }

  /** How many settlements wait for Redis to answer again. */
  int pendingSettlements() {
    return pending.size();
  }

  /** Stops renewing the leases of calls still in progress (the gateway is closing). */
  @Override
  public void close() {
    if (renewer != null) {
      renewer.close();
    }
  }
}

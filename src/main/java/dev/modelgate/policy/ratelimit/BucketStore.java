package dev.modelgate.policy.ratelimit;

import java.time.Duration;
import java.util.List;

/** Where the buckets are kept: in this process, or in Redis for the fleet. */
interface BucketStore {
  /**
   * Takes every charge or none; {@code lease} names the call's concurrency slots, which expire
   * after {@code leaseTime} unless released.
   */
  Admission admit(List<Charge> charges, String lease, Duration leaseTime);

  /** Gives back (or takes) tokens and releases the call's slots. */
  void settle(List<Charge> adjustments, String lease);
}

package dev.modelgate.policy.ratelimit;

import dev.modelgate.shared.SharedUnavailable;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * Settlements of calls admitted in Redis that ended while Redis was down, kept until it answers
 * again and then applied there: the tokens a call reserved but did not use go back (or the ones it
 * used beyond them are taken), and its concurrency slot is freed before its lease would expire.
 * Bounded: beyond {@link #LIMIT} waiting, further ones are dropped (counted and logged once per
 * outage), which leaves them as before, to refill and to expire.
 */
final class PendingSettlements {
  static final int LIMIT = 10_000;
  private static final Logger LOG = Logger.getLogger(PendingSettlements.class.getName());

  private record Pending(List<Charge> adjustments, String lease) {}

  private final Queue<Pending> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final ReentrantLock applying = new ReentrantLock();

  /** Keeps a settlement Redis could not take; false when too many wait already. */
  boolean keep(List<Charge> adjustments, String lease) {
    if (size.incrementAndGet() > LIMIT) {
      size.decrementAndGet();
      if (dropped.getAndIncrement() == 0) {
        LOG.warning(
            LIMIT
                + " rate-limit settlements wait for Redis; those of further calls are dropped"
                + " (their tokens refill, their slots expire with their leases)");
      }
      return false;
    }
    waiting.add(new Pending(adjustments, lease));
    return true;
  }

  /**
   * Applies the waiting settlements with {@code store} in the order the calls ended, stopping when
   * Redis goes again: the rest wait for its next return, the one that failed too (if it timed out
   * but ran, the script does nothing the second time). One caller applies at a time; a settlement
   * kept meanwhile is applied by that caller too.
   */
  void applyTo(BucketStore store) {
    while (!waiting.isEmpty() && applying.tryLock()) {
      try {
        Pending next;
        while ((next = waiting.peek()) != null) {
          try {
            store.settle(next.adjustments(), next.lease());
          } catch (SharedUnavailable e) {
            return;
          }
          waiting.poll();
          size.decrementAndGet();
        }
        dropped.set(0);
      } finally {
        applying.unlock();
      }
    }
  }

  int size() {
    return size.get();
  }
}

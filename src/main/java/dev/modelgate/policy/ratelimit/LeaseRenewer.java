package dev.modelgate.policy.ratelimit;

import dev.modelgate.shared.SharedUnavailable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the Redis concurrency slots of calls in progress: a slot's lease expires so that a crashed
 * instance's calls free theirs, and a live call's lease is renewed every third of its length, so a
 * stream longer than {@code concurrency_lease} keeps its slot to its end. One timer thread for
 * these buckets, started with the first held lease.
 */
final class LeaseRenewer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LeaseRenewer.class.getName());
  private static final long TICK_MILLIS = 250;

  /** A call's slots; {@code renewedAt} is touched by the timer thread only. */
  private static final class Held {
    private final List<Charge> slots;
    private final Duration leaseTime;
    private long renewedAt;

    Held(List<Charge> slots, Duration leaseTime, long renewedAt) {
      this.slots = slots;
      this.leaseTime = leaseTime;
      this.renewedAt = renewedAt;
    }
  }

  private final RedisBuckets redis;
  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private @Nullable ScheduledExecutorService timer;

  LeaseRenewer(RedisBuckets redis) {
    this.redis = redis;
  }

  /** Starts renewing {@code lease} for its concurrency slots among {@code charges}. */
  void hold(List<Charge> charges, String lease, Duration leaseTime) {
    List<Charge> slots =
        charges.stream().filter(c -> c.bucket().kind() == Bucket.Kind.CONCURRENT).toList();
    if (slots.isEmpty()) {
      return;
    }
    held.put(lease, new Held(slots, leaseTime, System.nanoTime()));
    startTimer();
  }

  /** The call ended: its lease is released with its settlement, no longer renewed. */
  void release(String lease) {
    held.remove(lease);
  }

  private synchronized void startTimer() {
    if (timer == null) {
      ScheduledExecutorService started =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().name("modelgate-lease-renewal").daemon().factory());
      ScheduledFuture<?> unused =
          started.scheduleWithFixedDelay(
              this::renewDue, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
      timer = started;
    }
  }

  private void renewDue() {
    long now = System.nanoTime();
    held.forEach(
        (lease, call) -> {
          if (now - call.renewedAt < call.leaseTime.toNanos() / 3) {
            return;
          }
          try {
            redis.renew(call.slots, lease, call.leaseTime);
            call.renewedAt = now;
          } catch (SharedUnavailable e) {
            // Redis is down: the slot may lapse; the link reports the outage
          } catch (RuntimeException e) {
            // one that escaped would end the schedule for every call
            LOG.log(Level.WARNING, "cannot renew a concurrency lease", e);
          }
        });
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}

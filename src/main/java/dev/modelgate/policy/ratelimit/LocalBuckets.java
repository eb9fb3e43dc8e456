package dev.modelgate.policy.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Buckets in this process, enforcing {@code share} of each limit: the whole limit for a single
 * instance, the local share while the fleet's Redis is down. The same arithmetic as {@code
 * buckets.lua}: a rate bucket holds up to its limit and refills at the limit per minute; one lock
 * makes a call's charges all or nothing.
 */
final class LocalBuckets implements BucketStore {
  static final long MINUTE_MS = 60_000;
  private static final Duration CONCURRENCY_WAIT = Duration.ofSeconds(1);

  private final Clock clock;
  private final double share;
  // A bucket unused for minutes is full again, so forgetting it changes nothing.
  private final Cache<String, Level> rates =
      Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(3)).build();
  private final Map<String, Set<String>> leases = new HashMap<>();

  LocalBuckets(Clock clock, double share) {
    this.clock = clock;
    this.share = share;
  }

  /** A rate bucket's level and when it was last brought up to date. */
  private static final class Level {
    double level;
    long at;

    Level(double level, long at) {
      this.level = level;
      this.at = at;
    }

    double refilled(long now, long limit) {
      return now > at ? Math.min(limit, level + (double) (now - at) * limit / MINUTE_MS) : level;
    }
  }

  /** The limit this process enforces for a global {@code limit}. */
  long local(long limit) {
    return Math.max(1, (long) Math.floor(limit * share));
  }

  @Override
  public synchronized Admission admit(List<Charge> charges, String lease, Duration leaseTime) {
    long now = clock.millis();
    double[] levels = new double[charges.size()];
    Bucket refused = null;
    Duration wait = null;
    for (int i = 0; i < charges.size(); i++) {
      Charge charge = charges.get(i);
      long limit = local(charge.bucket().limit());
      if (charge.bucket().rate()) {
        levels[i] = level(charge.bucket(), limit, now).refilled(now, limit);
      } else {
        levels[i] = limit - leases.getOrDefault(charge.bucket().path(), Set.of()).size();
      }
      if (refused == null && levels[i] < charge.amount()) {
        refused = charge.bucket();
        wait = waitFor(charge, limit, levels[i]);
      }
    }
    List<Admission.State> states = new ArrayList<>(charges.size());
    for (int i = 0; i < charges.size(); i++) {
      Charge charge = charges.get(i);
      Bucket bucket = charge.bucket();
      long limit = local(bucket.limit());
      double level = levels[i];
      if (refused == null) {
        level -= charge.amount();
        if (bucket.rate()) {
          Level stored = level(bucket, limit, now);
          stored.level = level;
          stored.at = now;
        } else {
          leases.computeIfAbsent(bucket.path(), path -> new HashSet<>()).add(lease);
        }
      }
      states.add(
          new Admission.State(
              bucket,
              limit,
              (long) Math.floor(level),
              bucket.rate() ? untilFull(limit, level) : 0));
    }
    return new Admission(refused == null, refused, wait, states, false);
  }

  @Override
  public synchronized void settle(List<Charge> adjustments, String lease) {
    long now = clock.millis();
    for (Charge adjustment : adjustments) {
      Bucket bucket = adjustment.bucket();
      if (bucket.rate()) {
        long limit = local(bucket.limit());
        Level stored = level(bucket, limit, now);
        stored.level = Math.min(limit, stored.refilled(now, limit) + adjustment.amount());
        stored.at = now;
      } else {
        Set<String> held = leases.get(bucket.path());
        if (held != null && held.remove(lease) && held.isEmpty()) {
          leases.remove(bucket.path());
        }
      }
    }
  }

  private Level level(Bucket bucket, long limit, long now) {
    return rates.get(bucket.path(), path -> new Level(limit, now));
  }

  /** How long until {@code charge} fits; null when it never will (larger than the limit). */
  static @Nullable Duration waitFor(Charge charge, long limit, double level) {
    if (!charge.bucket().rate()) {
      return CONCURRENCY_WAIT;
    }
    if (charge.amount() > limit) {
      return null;
    }
    return Duration.ofMillis((long) Math.ceil((charge.amount() - level) * MINUTE_MS / limit));
  }

  static long untilFull(long limit, double level) {
    return (long) Math.ceil((limit - level) * MINUTE_MS / limit);
  }
}

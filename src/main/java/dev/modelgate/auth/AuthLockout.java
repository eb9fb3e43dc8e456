package dev.modelgate.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * Failed authentications per client address, and the addresses locked out for too many of them. In
 * memory, with the counts also given to a {@link Fleet} when instances share them; entries expire
 * on their own, and the map is bounded so a flood of addresses cannot grow it without end.
 */
public final class AuthLockout {
  private static final long MAX_ADDRESSES = 100_000;

  private final Clock clock;
  private final Cache<InetAddress, Failures> byAddress;
  private final Fleet fleet;

  /** Where other instances' failures are counted too (Redis); {@link #ALONE} for none. */
  public interface Fleet {
    /** Counts a failure; how long the address is now locked out across the fleet (or zero). */
    Duration failed(InetAddress client, LockoutSettings settings);

    /** An address authenticated after failures: its fleet count starts again. */
    void cleared(InetAddress client);
  }

  public static final Fleet ALONE =
      new Fleet() {
        @Override
        public Duration failed(InetAddress client, LockoutSettings settings) {
          return Duration.ZERO;
        }

        @Override
        public void cleared(InetAddress client) {}
      };

  /** Counts in this instance alone. */
  public AuthLockout(Clock clock) {
    this(clock, ALONE);
  }

  /**
   * The counts outlive configuration reloads; each call takes the settings of the caller's
   * snapshot.
   */
  public AuthLockout(Clock clock, Fleet fleet) {
    this.clock = clock;
    this.fleet = fleet;
    this.byAddress =
        Caffeine.newBuilder()
            .maximumSize(MAX_ADDRESSES)
            .expireAfterAccess(Duration.ofDays(1))
            .build();
  }

  /** How long {@code client} stays locked out, or null when it may try. */
  public @Nullable Duration lockedFor(@Nullable InetAddress client, LockoutSettings settings) {
    if (client == null || !settings.enabled()) {
      return null;
    }
    Failures failures = byAddress.getIfPresent(client);
    if (failures == null) {
      return null;
    }
    synchronized (failures) {
      Instant now = clock.instant();
      if (failures.lockedUntil != null && now.isBefore(failures.lockedUntil)) {
        return Duration.between(now, failures.lockedUntil);
      }
      return null;
    }
  }

  /** Counts a failed authentication; the one that reaches the limit starts the lockout. */
  public void failed(@Nullable InetAddress client, LockoutSettings current) {
    if (client == null || !current.enabled()) {
      return;
    }
    Failures failures = byAddress.get(client, address -> new Failures());
    // Outside the lock: a Redis round trip must not pin a virtual thread's carrier.
    Duration fleetLock = fleet.failed(client, current);
    synchronized (failures) {
      Instant now = clock.instant();
      if (fleetLock.isPositive()) {
        failures.lockedUntil = now.plus(fleetLock);
        failures.times.clear();
        return;
      }
      Instant windowStart = now.minus(current.window());
      while (!failures.times.isEmpty() && !failures.times.peekFirst().isAfter(windowStart)) {
        failures.times.removeFirst();
      }
      failures.times.addLast(now);
      if (failures.times.size() >= current.failures()) {
        failures.lockedUntil = now.plus(current.lockout());
        failures.times.clear();
      }
    }
  }

  /** A successful authentication clears the address's count. */
  public void succeeded(@Nullable InetAddress client, LockoutSettings settings) {
    if (client != null && settings.enabled() && byAddress.getIfPresent(client) != null) {
      byAddress.invalidate(client);
      fleet.cleared(client);
    }
  }

  private static final class Failures {
    final Deque<Instant> times = new ArrayDeque<>();
    @Nullable Instant lockedUntil;
  }
}

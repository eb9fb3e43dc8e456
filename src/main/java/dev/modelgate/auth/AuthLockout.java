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
 * memory, per instance; entries expire on their own, and the map is bounded so a flood of addresses
 * cannot grow it without end.
 */
public final class AuthLockout {
  private static final long MAX_ADDRESSES = 100_000;

  private final Clock clock;
  private final Cache<InetAddress, Failures> byAddress;

  /**
   * The counts outlive configuration reloads; each call takes the settings of the caller's
   * snapshot.
   */
  public AuthLockout(Clock clock) {
    this.clock = clock;
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
    synchronized (failures) {
      Instant now = clock.instant();
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
    if (client != null && settings.enabled()) {
      byAddress.invalidate(client);
    }
  }

  private static final class Failures {
    final Deque<Instant> times = new ArrayDeque<>();
    @Nullable Instant lockedUntil;
  }
}

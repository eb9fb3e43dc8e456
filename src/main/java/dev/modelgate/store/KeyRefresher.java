package dev.modelgate.store;

import dev.modelgate.auth.ApiKeyAuthenticator.KeyEntry;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.auth.IpRange;
import dev.modelgate.auth.LiveKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Keeps {@link LiveKeys} in step with the store: it polls the keys version and reloads every live
 * key when the version moved, so gateways sharing one database converge within the interval.
 * Requests only read the in-memory map; when the database is away the last keys stay in force.
 */
public final class KeyRefresher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KeyRefresher.class.getName());

  private final VirtualKeyStore store;
  private final LiveKeys live;
  private final ScheduledExecutorService timer;
  private long loadedVersion = Long.MIN_VALUE;
  private boolean failing;

  private KeyRefresher(VirtualKeyStore store, LiveKeys live, ScheduledExecutorService timer) {
    this.store = store;
    this.live = live;
    this.timer = timer;
  }

  /** Loads the keys now (failing loudly if the store cannot be read), then polls every interval. */
  public static KeyRefresher start(VirtualKeyStore store, LiveKeys live, Duration interval) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("modelgate-key-refresh").daemon().factory());
    KeyRefresher refresher = new KeyRefresher(store, live, timer);
    refresher.reload(store.version());
    long millis = Math.max(10, interval.toMillis());
    ScheduledFuture<?> unused =
        timer.scheduleWithFixedDelay(refresher::poll, millis, millis, TimeUnit.MILLISECONDS);
    return refresher;
  }

  /** Reloads when the version changed; errors are logged once and the old keys kept. */
  public synchronized void poll() {
    try {
      long version = store.version();
      if (version != loadedVersion) {
        reload(version);
      }
      if (failing) {
        LOG.info("the store is readable again; keys are refreshed");
        failing = false;
      }
    } catch (RuntimeException e) {
      // Any failure, not only the store's: one that escaped would end the schedule for good.
      if (!failing) {
        LOG.log(Level.WARNING, "cannot refresh keys from the store; keeping the last ones", e);
        failing = true;
      }
    }
  }

  private synchronized void reload(long version) {
    live.replace(entries(store.active()));
    loadedVersion = version;
  }

  /**
   * The authenticator's entries of the keys: the current secret, and a rotated-out one in grace.
   */
  static List<KeyEntry> entries(List<VirtualKey> keys) {
    List<KeyEntry> entries = new ArrayList<>();
    for (VirtualKey key : keys) {
      List<IpRange> ranges = new ArrayList<>();
      try {
        key.terms().ipAllowlist().forEach(cidr -> ranges.add(IpRange.parse(cidr)));
      } catch (IllegalArgumentException e) {
        // Fail closed: a key whose allowlist cannot be read is not let in from anywhere.
        LOG.warning("key " + key.id() + " is skipped: " + e.getMessage());
        continue;
      }
      entries.add(entry(key, key.keyHash(), null, ranges));
      if (key.previousHash() != null && key.previousValidUntil() != null) {
        entries.add(entry(key, key.previousHash(), key.previousValidUntil(), ranges));
      }
    }
    return entries;
  }

  private static KeyEntry entry(
      VirtualKey key, String hash, java.time.@Nullable Instant validUntil, List<IpRange> ranges) {
    VirtualKey.KeyDraft terms = key.terms();
    return new KeyEntry(
        key.id(),
        terms.name(),
        Objects.requireNonNull(ApiKeys.parseHash(hash), "stored hash of " + key.id()),
        terms.models(),
        terms.owner(),
        terms.team(),
        terms.expiresAt(),
        validUntil,
        ranges,
        terms.limits());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

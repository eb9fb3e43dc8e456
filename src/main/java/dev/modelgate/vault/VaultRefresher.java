package dev.modelgate.vault;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reloads the vault every interval (a cheap version check when nothing changed), so a credential
 * set or rotated by the CLI or another gateway is in use here within seconds. When the store is
 * away the last values stay in force; the failure is logged once.
 */
public final class VaultRefresher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(VaultRefresher.class.getName());

  private final CredentialVault vault;
  private final ScheduledExecutorService timer;
  private boolean failing;

  private VaultRefresher(CredentialVault vault, ScheduledExecutorService timer) {
    this.vault = vault;
    this.timer = timer;
  }

  /** Loads now (failing loudly), then every {@code interval}. */
  public static VaultRefresher start(CredentialVault vault, Duration interval) {
    vault.reload();
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("modelgate-vault-refresh").daemon().factory());
    VaultRefresher refresher = new VaultRefresher(vault, timer);
    long millis = Math.max(10, interval.toMillis());
    ScheduledFuture<?> unused =
        timer.scheduleWithFixedDelay(refresher::poll, millis, millis, TimeUnit.MILLISECONDS);
    return refresher;
  }

  /** Reloads now (a cheap version check when nothing changed); failures are logged once. */
  public synchronized void poll() {
    try {
      vault.reload();
      if (failing) {
        LOG.info("the vault is readable again; credentials are refreshed");
        failing = false;
      }
    } catch (RuntimeException e) {
      // Any failure, not only the store's or the vault's: one that escaped would end the schedule.
      if (!failing) {
        LOG.log(Level.WARNING, "cannot refresh the vault; keeping the last credentials", e);
        failing = true;
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

package dev.modelgate.admin;

import dev.modelgate.auth.LiveKeys;
import dev.modelgate.store.AdminSessionStore;
import dev.modelgate.store.AdminUserStore;
import dev.modelgate.store.AuditLog;
import dev.modelgate.store.Database;
import dev.modelgate.store.KeyRefresher;
import dev.modelgate.store.StoreSettings;
import dev.modelgate.store.UsageStore;
import dev.modelgate.store.VirtualKeyStore;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * The store opened and migrated, its keys in memory with a refresher, and the key and admin-user
 * operations on top, every write audited: what a running gateway (or, without the refresher, the
 * CLI) needs of the store.
 */
public final class KeyServices implements AutoCloseable {
  private final Database database;
  private final LiveKeys live;
  private final @Nullable KeyRefresher refresher;
  private final KeyAdministration administration;
  private final AdminSessions sessions;
  private final AdminUsers users;

  private KeyServices(
      Database database,
      LiveKeys live,
      @Nullable KeyRefresher refresher,
      AdminWrites writes,
      Clock clock) {
    this.database = database;
    this.live = live;
    this.refresher = refresher;
    this.administration = new KeyAdministration(new VirtualKeyStore(database), writes, clock);
    this.sessions = new AdminSessions(new AdminSessionStore(database), clock);
    this.users = new AdminUsers(new AdminUserStore(database), writes, sessions, clock);
  }

  /** For a gateway: keys loaded now and refreshed every {@code settings.refreshInterval()}. */
  public static KeyServices start(StoreSettings settings, Clock clock) {
    return start(settings, clock, () -> {});
  }

  /**
   * For a gateway: keys loaded now and refreshed every {@code settings.refreshInterval()}; after
   * each write, once this gateway sees it, {@code written} runs (it tells the other instances).
   */
  public static KeyServices start(StoreSettings settings, Clock clock, Runnable written) {
    Database database = Database.open(settings);
    try {
      VirtualKeyStore store = new VirtualKeyStore(database);
      LiveKeys live = new LiveKeys();
      KeyRefresher refresher = KeyRefresher.start(store, live, settings.refreshInterval());
      AdminWrites writes =
          new AdminWrites(
              audit(database, clock),
              () -> {
                refresher.poll();
                written.run();
              });
      return new KeyServices(database, live, refresher, writes, clock);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** For the command line: no keys in memory; running gateways see changes on their next poll. */
  public static KeyServices open(StoreSettings settings, Clock clock) {
    return open(settings, clock, () -> {});
  }

  /** For the command line; {@code written} runs after each write (it nudges running gateways). */
  public static KeyServices open(StoreSettings settings, Clock clock, Runnable written) {
    Database database = Database.open(settings);
    AdminWrites writes = new AdminWrites(audit(database, clock), written);
    return new KeyServices(database, new LiveKeys(), null, writes, clock);
  }

  static AdminAudit audit(Database database, Clock clock) {
    return new StoredAudit(new AuditLog(database), clock);
  }

  /** The admin audit log, for reading (writes reach it only through {@link AdminWrites}). */
  public AuditLog auditLog() {
    return new AuditLog(database);
  }

  /** The opened store, for the other services on it (the vault). */
  Database database() {
    return database;
  }

  /** The usage records' table, in the same database. */
  public UsageStore usageStore() {
    return new UsageStore(database);
  }

  /** Reads the store's keys now if they changed (another instance nudged this one). */
  public void refresh() {
    if (refresher != null) {
      refresher.poll();
    }
  }

  /** The store's keys as the authenticator reads them. */
  public LiveKeys live() {
    return live;
  }

  public KeyAdministration keys() {
    return administration;
  }

  /** Admin users: adding, listing, removing, logging in. */
  public AdminUsers users() {
    return users;
  }

  /** The login sessions every instance on this store shares. */
  public AdminSessions sessions() {
    return sessions;
  }

  @Override
  public void close() {
    if (refresher != null) {
      refresher.close();
    }
    database.close();
  }
}

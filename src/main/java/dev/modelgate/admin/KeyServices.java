package dev.modelgate.admin;

import dev.modelgate.auth.LiveKeys;
import dev.modelgate.store.AuditLog;
import dev.modelgate.store.Database;
import dev.modelgate.store.KeyRefresher;
import dev.modelgate.store.StoreSettings;
import dev.modelgate.store.UsageStore;
import dev.modelgate.store.VirtualKeyStore;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * The store opened and migrated, its keys in memory with a refresher, and the key operations on
 * top, every write audited: what a running gateway (or, without the refresher, the CLI) needs of
 * the store.
 */
public final class KeyServices implements AutoCloseable {
  private final Database database;
  private final LiveKeys live;
  private final @Nullable KeyRefresher refresher;
  private final KeyAdministration administration;

  private KeyServices(
      Database database,
      LiveKeys live,
      @Nullable KeyRefresher refresher,
      KeyAdministration administration) {
    this.database = database;
    this.live = live;
    this.refresher = refresher;
    this.administration = administration;
  }

  /** For a gateway: keys loaded now and refreshed every {@code settings.refreshInterval()}. */
  public static KeyServices start(StoreSettings settings, Clock clock) {
    Database database = Database.open(settings);
    try {
      VirtualKeyStore store = new VirtualKeyStore(database);
      LiveKeys live = new LiveKeys();
      KeyRefresher refresher = KeyRefresher.start(store, live, settings.refreshInterval());
      AdminWrites writes = new AdminWrites(audit(database, clock), refresher::poll);
      return new KeyServices(
          database, live, refresher, new KeyAdministration(store, writes, clock));
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** For the command line: no keys in memory; running gateways see changes on their next poll. */
  public static KeyServices open(StoreSettings settings, Clock clock) {
    Database database = Database.open(settings);
    AdminWrites writes = new AdminWrites(audit(database, clock), () -> {});
    return new KeyServices(
        database,
        new LiveKeys(),
        null,
        new KeyAdministration(new VirtualKeyStore(database), writes, clock));
  }

  private static AdminAudit audit(Database database, Clock clock) {
    return new StoredAudit(new AuditLog(database), clock);
  }

  /** The admin audit log, for reading (writes reach it only through {@link AdminWrites}). */
  public AuditLog auditLog() {
    return new AuditLog(database);
  }

  /** The usage records' table, in the same database. */
  public UsageStore usageStore() {
    return new UsageStore(database);
  }

  /** The store's keys as the authenticator reads them. */
  public LiveKeys live() {
    return live;
  }

  public KeyAdministration keys() {
    return administration;
  }

  @Override
  public void close() {
    if (refresher != null) {
      refresher.close();
    }
    database.close();
  }
}

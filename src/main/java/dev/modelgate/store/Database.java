package dev.modelgate.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The store's database: a HikariCP pool, migrated by Flyway to the current schema when opened
 * (idempotent: a second start applies nothing).
 */
public final class Database implements AutoCloseable {
  /** Flyway's history table, named so it cannot clash with another tool's in a shared schema. */
  static final String HISTORY_TABLE = "modelgate_schema_history";

  private static final Logger LOG = Logger.getLogger(Database.class.getName());
  // Held so the levels stay set: the pool's and Flyway's step-by-step INFO lines are noise on
  // every start and CLI command; their warnings still show, and one line here says what happened.
  private static final List<Logger> QUIETED =
      List.of(Logger.getLogger("com.zaxxer.hikari"), Logger.getLogger("org.flywaydb"));

  static {
    QUIETED.forEach(logger -> logger.setLevel(Level.WARNING));
  }

  private final HikariDataSource pool;
  private final DatabaseVendor vendor;

  private Database(HikariDataSource pool, DatabaseVendor vendor) {
    this.pool = pool;
    this.vendor = vendor;
  }

  /** Opens the pool and migrates; a failure is a {@link StoreException} naming the database. */
  public static Database open(StoreSettings settings) {
    DatabaseVendor vendor = DatabaseVendor.of(settings.url());
    if (vendor == null) {
      throw new StoreException(
          "unsupported store url '" + settings.url() + "': use " + DatabaseVendor.supported());
    }
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hikari(settings, vendor));
    } catch (RuntimeException e) {
      throw new StoreException("cannot connect to " + settings.url() + ": " + rootMessage(e), e);
    }
    try {
      MigrateResult result = migrations().dataSource(pool).load().migrate();
      LOG.info(
          "store "
              + vendor.name().toLowerCase(java.util.Locale.ROOT)
              + " at schema version "
              + (result.targetSchemaVersion != null
                  ? result.targetSchemaVersion
                  : result.initialSchemaVersion)
              + " ("
              + result.migrationsExecuted
              + " migrations applied now)");
    } catch (RuntimeException e) {
      pool.close();
      throw new StoreException("cannot migrate " + settings.url() + ": " + rootMessage(e), e);
    }
    return new Database(pool, vendor);
  }

  /** Flyway with the store's migrations (SQL files, and Java where vendors' syntax differs). */
  static FluentConfiguration migrations() {
    return Flyway.configure(Database.class.getClassLoader())
        .locations("classpath:db/migration")
        .javaMigrations(new UnusedUsageIndexes())
        .table(HISTORY_TABLE);
  }

  private static HikariConfig hikari(StoreSettings settings, DatabaseVendor vendor) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("modelgate-store");
    config.setJdbcUrl(settings.url());
    if (settings.user() != null) {
      config.setUsername(settings.user());
    }
    if (settings.password() != null) {
      config.setPassword(settings.password());
    }
    StoreSettings.Pool pool = settings.pool();
    config.setMaximumPoolSize(pool.maxSize());
    config.setMinimumIdle(Math.min(pool.minIdle(), pool.maxSize()));
    config.setConnectionTimeout(pool.connectionTimeout().toMillis());
    config.setIdleTimeout(pool.idleTimeout().toMillis());
    config.setMaxLifetime(pool.maxLifetime().toMillis());
    switch (vendor) {
      case SQLITE -> {
        createParent(settings.url());
        // Readers never block the writer, and a busy writer is waited for, not an error.
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("busy_timeout", "10000");
      }
      case MYSQL -> config.addDataSourceProperty("permitMysqlScheme", "true");
      case POSTGRESQL, MARIADB -> {}
    }
    return config;
  }

  private static void createParent(String url) {
    String file = url.substring("jdbc:sqlite:".length());
    int query = file.indexOf('?');
    if (query >= 0) {
      file = file.substring(0, query);
    }
    if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
      return;
    }
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      Files.createDirectories(Objects.requireNonNull(parent));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the store's directory " + parent, e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return String.valueOf(cause.getMessage());
  }

  public DatabaseVendor vendor() {
    return vendor;
  }

  public DataSource dataSource() {
    return pool;
  }

  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /** Work on one connection inside a transaction. */
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Runs {@code work} in one transaction: committed when it returns, rolled back when it fails. */
  <T> T transaction(Work<T> work) throws SQLException {
    try (Connection connection = connection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}

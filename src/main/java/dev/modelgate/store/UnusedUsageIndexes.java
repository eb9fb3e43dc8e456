package dev.modelgate.store;

import java.sql.Statement;
import java.util.Locale;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jspecify.annotations.Nullable;

/**
 * Migration 9: drops the indexes of {@code usage_records} by key, team and user. Every query of the
 * table is by time range or by id, and budgets read {@code usage_daily} now, so the three indexes
 * only slowed each insert: on the embedded SQLite store they were about 3 µs of the gateway's own
 * CPU per call under load. Java, not SQL, because MariaDB and MySQL name the table in {@code DROP
 * INDEX} and the others refuse it.
 */
final class UnusedUsageIndexes implements JavaMigration {
  private static final String[] INDEXES = {
    "usage_records_key", "usage_records_team", "usage_records_user"
  };

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("9");
  }

  @Override
  public String getDescription() {
    return "drop unused usage indexes";
  }

  @Override
  public @Nullable Integer getChecksum() {
    return null;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws Exception {
    String product =
        context.getConnection().getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    String on = product.contains("mariadb") || product.contains("mysql") ? " ON usage_records" : "";
    try (Statement statement = context.getConnection().createStatement()) {
      for (String index : INDEXES) {
        statement.execute("DROP INDEX " + index + on);
      }
    }
  }
}

package dev.modelgate.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** A row of {@code usage_records} (columns in {@link UsageStore#COLUMNS} order) to a record. */
final class UsageRows {
  private UsageRows() {}

  static UsageRecord read(ResultSet rows) throws SQLException {
    return new UsageRecord(
        rows.getString(1),
        rows.getString(2),
        Instant.ofEpochMilli(rows.getLong(3)),
        rows.getString(5),
        rows.getString(6),
        rows.getString(7),
        rows.getString(8),
        rows.getString(9),
        rows.getString(10),
        rows.getString(11),
        rows.getString(12),
        rows.getInt(13) != 0,
        rows.getLong(14),
        rows.getLong(15),
        rows.getLong(16),
        CostUnits.fromNanos(rows.getLong(17)),
        rows.getString(18),
        rows.getLong(19),
        rows.getLong(20),
        rows.getInt(21),
        rows.getString(22),
        rows.getString(23),
        rows.getInt(24) != 0,
        rows.getInt(25) != 0);
  }
}

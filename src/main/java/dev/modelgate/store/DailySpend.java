package dev.modelgate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The {@code usage_daily} table: tokens and cost per key, team and user per UTC day, cache hits
 * left out. Added to in the transaction that inserts the records, and only for records that were
 * not stored already, so a batch written again after a crash counts once here as it does in {@code
 * usage_records}. Budget ledgers start from it: a few rows per subject, however long the gateway
 * has served.
 */
final class DailySpend {
  private static final int ID_CHUNK = 500;

  /** The rollup's dimensions: its {@code dimension} value and the record's subject for it. */
  private enum Subject {
    KEY("key"),
    TEAM("team"),
    USER("user");

    private final String name;

    Subject(String name) {
      this.name = name;
    }

    @Nullable String of(UsageRecord record) {
      return switch (this) {
        case KEY -> record.keyId();
        case TEAM -> record.team();
        case USER -> record.user();
      };
    }

    static Subject of(UsageDimension dimension) {
      return switch (dimension) {
        case KEY -> KEY;
        case TEAM -> TEAM;
        case USER -> USER;
        default -> throw new IllegalArgumentException("no daily spend by " + dimension);
      };
    }
  }

  private record Cell(Subject subject, String id, String day) {}

  // Rows are upserted in this one order, so instances draining into a shared database at once lock
  // them in the same order and cannot deadlock on each other.
  private static final Comparator<Cell> ORDER =
      Comparator.comparing(Cell::subject).thenComparing(Cell::id).thenComparing(Cell::day);

  private DailySpend() {}

  /** The ids among {@code records} that are stored already (read before inserting them). */
  static Set<String> stored(Connection connection, List<UsageRecord> records) throws SQLException {
    Set<String> stored = new HashSet<>();
    for (int from = 0; from < records.size(); from += ID_CHUNK) {
      List<UsageRecord> chunk = records.subList(from, Math.min(records.size(), from + ID_CHUNK));
      String marks = "?, ".repeat(chunk.size() - 1) + "?";
      try (PreparedStatement select =
          connection.prepareStatement("SELECT id FROM usage_records WHERE id IN (" + marks + ")")) {
        for (int i = 0; i < chunk.size(); i++) {
          select.setString(i + 1, chunk.get(i).id());
        }
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            stored.add(rows.getString(1));
          }
        }
      }
    }
    return stored;
  }

  /** Adds the spend of {@code added} (records just inserted, each once) to its days. */
  static void add(Connection connection, DatabaseVendor vendor, List<UsageRecord> added)
      throws SQLException {
    Map<Cell, long[]> cells = new TreeMap<>(ORDER);
    for (UsageRecord record : added) {
      if (record.cacheHit()) {
        continue;
      }
      for (Subject subject : Subject.values()) {
        String id = subject.of(record);
        if (id != null) {
          long[] sums =
              cells.computeIfAbsent(new Cell(subject, id, record.day()), cell -> new long[2]);
          sums[0] += record.totalTokens();
          sums[1] += CostUnits.toNanos(record.cost());
        }
      }
    }
    if (cells.isEmpty()) {
      return;
    }
    try (PreparedStatement upsert = connection.prepareStatement(upsert(vendor))) {
      for (Map.Entry<Cell, long[]> cell : cells.entrySet()) {
        upsert.setString(1, cell.getKey().subject().name);
        upsert.setString(2, cell.getKey().id());
        upsert.setString(3, cell.getKey().day());
        upsert.setLong(4, cell.getValue()[0]);
        upsert.setLong(5, cell.getValue()[1]);
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  private static String upsert(DatabaseVendor vendor) {
    String insert =
        "INSERT INTO usage_daily (dimension, subject, day, tokens, cost_nanos) VALUES (?, ?, ?, ?, ?)";
    return switch (vendor) {
      case SQLITE, POSTGRESQL ->
          insert
              + " ON CONFLICT (dimension, subject, day) DO UPDATE SET"
              + " tokens = usage_daily.tokens + excluded.tokens,"
              + " cost_nanos = usage_daily.cost_nanos + excluded.cost_nanos";
      case MARIADB, MYSQL ->
          insert
              + " ON DUPLICATE KEY UPDATE tokens = tokens + VALUES(tokens),"
              + " cost_nanos = cost_nanos + VALUES(cost_nanos)";
    };
  }

  /** Tokens and cost per subject of {@code dimension} (key, team or user) from {@code day} on. */
  static Map<String, UsageStore.Spent> since(
      Connection connection, UsageDimension dimension, LocalDate day) throws SQLException {
    Map<String, UsageStore.Spent> spent = new HashMap<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT subject, SUM(tokens), SUM(cost_nanos) FROM usage_daily"
                + " WHERE dimension = ? AND day >= ? GROUP BY subject")) {
      query.setString(1, Subject.of(dimension).name);
      query.setString(2, day.toString());
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          spent.put(
              rows.getString(1),
              new UsageStore.Spent(rows.getLong(2), CostUnits.fromNanos(rows.getLong(3))));
        }
      }
    }
    return spent;
  }
}

package dev.modelgate.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@code usage_records} table: batches inserted idempotently (a record already there is left as
 * it is, so a batch written twice after a crash counts once), totals grouped by dimensions, the
 * records themselves for export, and spend per key, team or user for the budget ledger (from {@code
 * usage_daily}, kept in the same transaction: {@link DailySpend}).
 */
public final class UsageStore {
  static final String COLUMNS =
      "id, request_id, at_ms, day, key_id, key_name, team, user_name, model, target, provider,"
          + " operation, stream, prompt_tokens, completion_tokens, cached_tokens, cost_nanos,"
          + " currency, latency_ms, ttft_ms, status, error_type, fallback, cache_hit, estimated";
  private static final int COLUMN_COUNT = 25;

  private final Database database;
  // SQLite and PostgreSQL report 1 or 0 per row of an insert that skips a stored id; MariaDB's
  // bulk batches may not, so there the stored ids are looked up first. A PostgreSQL URL that
  // rewrites batches is caught by the counts themselves (see insertCounting).
  private volatile boolean countsTellInserted;

  public UsageStore(Database database) {
    this.database = database;
    this.countsTellInserted =
        database.vendor() == DatabaseVendor.SQLITE
            || database.vendor() == DatabaseVendor.POSTGRESQL;
  }

  /** Inserts {@code records} in one transaction; ones whose id is already stored are skipped. */
  public void insert(List<UsageRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    Collection<UsageRecord> distinct = distinctById(records);
    try {
      if (countsTellInserted) {
        try {
          database.transaction(connection -> insertCounting(connection, distinct));
          return;
        } catch (CountsUnknown e) {
          // Rolled back; this driver (a rewritten or bulk batch) does not say which rows it
          // inserted, so from now on the stored ids are looked up first.
          countsTellInserted = false;
        }
      }
      database.transaction(connection -> insertAfterLookup(connection, distinct));
    } catch (SQLException e) {
      throw new StoreException("cannot write usage records: " + e.getMessage(), e);
    }
  }

  /**
   * Inserts all and learns from the batch's update counts (1 inserted, 0 skipped as stored) which
   * rows to add to the daily spend: no query before the insert.
   */
  private int insertCounting(Connection connection, Collection<UsageRecord> records)
      throws SQLException {
    int[] counts = insertAll(connection, records);
    if (counts.length != records.size()) {
      throw new CountsUnknown();
    }
    List<UsageRecord> added = new ArrayList<>(records.size());
    int i = 0;
    for (UsageRecord record : records) {
      int count = counts[i++];
      if (count == 1) {
        added.add(record);
      } else if (count != 0) {
        throw new CountsUnknown();
      }
    }
    DailySpend.add(connection, database.vendor(), added);
    return added.size();
  }

  private int insertAfterLookup(Connection connection, Collection<UsageRecord> records)
      throws SQLException {
    Set<String> stored = DailySpend.stored(connection, List.copyOf(records));
    List<UsageRecord> added = new ArrayList<>(records.size());
    for (UsageRecord record : records) {
      if (!stored.contains(record.id())) {
        added.add(record);
      }
    }
    insertAll(connection, added);
    DailySpend.add(connection, database.vendor(), added);
    return added.size();
  }

  private int[] insertAll(Connection connection, Collection<UsageRecord> records)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(insertStatement())) {
      for (UsageRecord record : records) {
        bind(insert, record);
        insert.addBatch();
      }
      return insert.executeBatch();
    }
  }

  /** The records, the first of each id only (a batch written twice may repeat one). */
  private static Collection<UsageRecord> distinctById(List<UsageRecord> records) {
    Map<String, UsageRecord> byId = new LinkedHashMap<>();
    for (UsageRecord record : records) {
      byId.putIfAbsent(record.id(), record);
    }
    return byId.values();
  }

  /** The driver's batch update counts do not say which rows were inserted. */
  private static final class CountsUnknown extends RuntimeException {
    CountsUnknown() {
      super("batch update counts do not tell inserted rows", null, false, false);
    }
  }

  private String insertStatement() {
    String values = "VALUES (" + "?, ".repeat(COLUMN_COUNT - 1) + "?)";
    return switch (database.vendor()) {
      case SQLITE -> "INSERT OR IGNORE INTO usage_records (" + COLUMNS + ") " + values;
      case POSTGRESQL ->
          "INSERT INTO usage_records (" + COLUMNS + ") " + values + " ON CONFLICT (id) DO NOTHING";
      case MARIADB, MYSQL -> "INSERT IGNORE INTO usage_records (" + COLUMNS + ") " + values;
    };
  }

  private static void bind(PreparedStatement insert, UsageRecord r) throws SQLException {
    insert.setString(1, r.id());
    insert.setString(2, r.requestId());
    insert.setLong(3, r.at().toEpochMilli());
    insert.setString(4, r.day());
    text(insert, 5, r.keyId());
    text(insert, 6, r.keyName());
    text(insert, 7, r.team());
    text(insert, 8, r.user());
    text(insert, 9, r.model());
    text(insert, 10, r.target());
    text(insert, 11, r.provider());
    insert.setString(12, r.operation());
    insert.setInt(13, r.stream() ? 1 : 0);
    insert.setLong(14, r.promptTokens());
    insert.setLong(15, r.completionTokens());
    insert.setLong(16, r.cachedTokens());
    insert.setLong(17, CostUnits.toNanos(r.cost()));
    text(insert, 18, r.currency());
    insert.setLong(19, r.latencyMillis());
    insert.setLong(20, r.ttftMillis());
    insert.setInt(21, r.status());
    text(insert, 22, r.errorType());
    text(insert, 23, r.fallback());
    insert.setInt(24, r.cacheHit() ? 1 : 0);
    insert.setInt(25, r.estimated() ? 1 : 0);
  }

  private static void text(PreparedStatement statement, int index, @Nullable String value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  /** How many records are stored (tests, and the CLI's summary line). */
  public long count() {
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement("SELECT COUNT(*) FROM usage_records");
        ResultSet rows = select.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new StoreException("cannot count usage records: " + e.getMessage(), e);
    }
  }

  /** Totals of the records in [{@code from}, {@code to}), one row per group, ordered by group. */
  public List<UsageTotals> totals(Instant from, Instant to, List<UsageDimension> groupBy) {
    StringBuilder select = new StringBuilder("SELECT ");
    for (UsageDimension dimension : groupBy) {
      select.append(dimension.column()).append(", ");
    }
    select.append(
        "currency, COUNT(*), SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END), SUM(prompt_tokens),"
            + " SUM(completion_tokens), SUM(cached_tokens), SUM(estimated), SUM(cost_nanos)"
            + " FROM usage_records WHERE at_ms >= ? AND at_ms < ? GROUP BY ");
    StringBuilder keys = new StringBuilder();
    for (UsageDimension dimension : groupBy) {
      keys.append(dimension.column()).append(", ");
    }
    keys.append("currency");
    select.append(keys).append(" ORDER BY ").append(keys);
    try (Connection connection = database.connection();
        PreparedStatement query = connection.prepareStatement(select.toString())) {
      query.setLong(1, from.toEpochMilli());
      query.setLong(2, to.toEpochMilli());
      List<UsageTotals> totals = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          Map<UsageDimension, @Nullable String> group = new EnumMap<>(UsageDimension.class);
          int column = 1;
          for (UsageDimension dimension : groupBy) {
            group.put(dimension, rows.getString(column++));
          }
          totals.add(
              new UsageTotals(
                  group,
                  rows.getString(column),
                  rows.getLong(column + 1),
                  rows.getLong(column + 2),
                  rows.getLong(column + 3),
                  rows.getLong(column + 4),
                  rows.getLong(column + 5),
                  rows.getLong(column + 6),
                  CostUnits.fromNanos(rows.getLong(column + 7))));
        }
      }
      return totals;
    } catch (SQLException e) {
      throw new StoreException("cannot read usage totals: " + e.getMessage(), e);
    }
  }

  /** Each record in [{@code from}, {@code to}), oldest first, handed to {@code sink}. */
  public void records(Instant from, Instant to, Consumer<UsageRecord> sink) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM usage_records WHERE at_ms >= ? AND at_ms < ? ORDER BY at_ms, id";
    try (Connection connection = database.connection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setFetchSize(500);
      query.setLong(1, from.toEpochMilli());
      query.setLong(2, to.toEpochMilli());
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          sink.accept(UsageRows.read(rows));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read usage records: " + e.getMessage(), e);
    }
  }

  /**
   * Tokens and cost per value of {@code dimension} (key, team or user) from the UTC day {@code
   * from} on, leaving out cache hits (they cost no upstream tokens): what a budget ledger starts
   * from. Read from the daily sums, not the records, so it takes as long after a year as after a
   * day.
   */
  public Map<String, Spent> spentSince(UsageDimension dimension, LocalDate from) {
    try (Connection connection = database.connection()) {
      return DailySpend.since(connection, dimension, from);
    } catch (SQLException e) {
      throw new StoreException("cannot read spend: " + e.getMessage(), e);
    }
  }

  /** Tokens and cost of one key, team or user. */
  public record Spent(long tokens, BigDecimal cost) {}
}

package dev.modelgate.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The append-only admin audit table: entries are added and read, never changed or removed (there is
 * deliberately no method for either).
 */
public final class AuditLog {
  private static final SecureRandom RANDOM = new SecureRandom();
  // Orders entries written in the same millisecond by this process; the random tail keeps ids of
  // two gateways sharing a store apart.
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final String COLUMNS =
      "id, at_ms, actor, actor_role, action, target, client_address, outcome, before_json,"
          + " after_json";

  private final Database database;

  public AuditLog(Database database) {
    this.database = database;
  }

  /** Appends an entry made now; its id is chosen here, so {@code entry.id()} is ignored. */
  public AuditEntry append(AuditEntry entry) {
    String id =
        "au_%012x%08x%04x"
            .formatted(
                entry.at().toEpochMilli(),
                SEQUENCE.incrementAndGet() & 0xffffffffL,
                RANDOM.nextInt(0x10000));
    AuditEntry stored =
        new AuditEntry(
            id,
            Instant.ofEpochMilli(entry.at().toEpochMilli()),
            entry.actor(),
            entry.role(),
            entry.action(),
            entry.target(),
            entry.clientAddress(),
            entry.outcome(),
            entry.before(),
            entry.after());
    try (Connection connection = database.connection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO admin_audit ("
                    + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, stored.id());
      insert.setLong(2, stored.at().toEpochMilli());
      insert.setString(3, stored.actor());
      insert.setString(4, stored.role());
      insert.setString(5, stored.action());
      insert.setString(6, stored.target());
      insert.setString(7, stored.clientAddress());
      insert.setString(8, stored.outcome());
      insert.setString(9, stored.before());
      insert.setString(10, stored.after());
      insert.executeUpdate();
      return stored;
    } catch (SQLException e) {
      throw new StoreException("cannot write the audit log: " + e.getMessage(), e);
    }
  }

  /** Up to {@code limit} entries, newest first, filtered by actor and action when given. */
  public List<AuditEntry> recent(int limit, @Nullable String actor, @Nullable String action) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM admin_audit WHERE 1 = 1");
    List<String> parameters = new ArrayList<>();
    if (actor != null) {
      sql.append(" AND actor = ?");
      parameters.add(actor);
    }
    if (action != null) {
      sql.append(" AND action = ?");
      parameters.add(action);
    }
    sql.append(" ORDER BY id DESC");
    try (Connection connection = database.connection();
        PreparedStatement select = connection.prepareStatement(sql.toString())) {
      select.setMaxRows(limit);
      for (int i = 0; i < parameters.size(); i++) {
        select.setString(i + 1, parameters.get(i));
      }
      List<AuditEntry> entries = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next() && entries.size() < limit) {
          entries.add(
              new AuditEntry(
                  rows.getString(1),
                  Instant.ofEpochMilli(rows.getLong(2)),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getString(5),
                  rows.getString(6),
                  rows.getString(7),
                  rows.getString(8),
                  rows.getString(9),
                  rows.getString(10)));
        }
      }
      return entries;
    } catch (SQLException e) {
      throw new StoreException("cannot read the audit log: " + e.getMessage(), e);
    }
  }
}

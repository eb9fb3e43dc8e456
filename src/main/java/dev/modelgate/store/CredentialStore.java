package dev.modelgate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The vault's rows: sealed credential values and their wrapped data keys, never a plain value.
 * Every write bumps the {@code credentials} version in the same transaction, so gateways polling it
 * reload; re-wrapping under a new master key changes no value and bumps nothing.
 */
public final class CredentialStore {
  /** One sealed version of a value: the ciphertext and its data key wrapped by the master key. */
  public record Sealed(int version, String sealedValue, String dataKey) {}

  /** A row: the current version, the previous one while it is in its grace period, and times. */
  public record StoredCredential(
      String name,
      Sealed current,
      @Nullable Sealed previous,
      @Nullable Instant previousValidUntil,
      String masterKeyId,
      Instant createdAt,
      Instant rotatedAt) {}

  private static final String COLUMNS =
      "name, version, sealed_value, data_key, previous_version, previous_sealed_value,"
          + " previous_data_key, previous_valid_until, master_key_id, created_at, rotated_at";
  private static final String BUMP =
      "UPDATE store_versions SET version = version + 1 WHERE name = 'credentials'";

  private final Database database;

  public CredentialStore(Database database) {
    this.database = database;
  }

  /** Writes {@code credential} whole: inserted when new, else replaced. */
  public void put(StoredCredential credential) {
    try {
      database.transaction(
          connection -> {
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM vault_credentials WHERE name = ?");
                PreparedStatement insert =
                    connection.prepareStatement(
                        "INSERT INTO vault_credentials ("
                            + COLUMNS
                            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
              delete.setString(1, credential.name());
              delete.executeUpdate();
              bind(insert, credential);
              insert.executeUpdate();
              bump(connection);
              return Boolean.TRUE;
            }
          });
    } catch (SQLException e) {
      throw new StoreException("cannot write credential " + credential.name(), e);
    }
  }

  private static void bind(PreparedStatement insert, StoredCredential credential)
      throws SQLException {
    insert.setString(1, credential.name());
    insert.setInt(2, credential.current().version());
    insert.setString(3, credential.current().sealedValue());
    insert.setString(4, credential.current().dataKey());
    Sealed previous = credential.previous();
    if (previous == null) {
      insert.setNull(5, Types.INTEGER);
      insert.setNull(6, Types.VARCHAR);
      insert.setNull(7, Types.VARCHAR);
    } else {
      insert.setInt(5, previous.version());
      insert.setString(6, previous.sealedValue());
      insert.setString(7, previous.dataKey());
    }
    Instant until = credential.previousValidUntil();
    if (until == null) {
      insert.setNull(8, Types.BIGINT);
    } else {
      insert.setLong(8, until.toEpochMilli());
    }
    insert.setString(9, credential.masterKeyId());
    insert.setLong(10, credential.createdAt().toEpochMilli());
    insert.setLong(11, credential.rotatedAt().toEpochMilli());
  }

  public Optional<StoredCredential> find(String name) {
    List<StoredCredential> found = select(" WHERE name = ?", name);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** Every credential, by name. */
  public List<StoredCredential> all() {
    return select(" ORDER BY name", null);
  }

  private List<StoredCredential> select(String where, @Nullable String name) {
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement("SELECT " + COLUMNS + " FROM vault_credentials" + where)) {
      if (name != null) {
        select.setString(1, name);
      }
      List<StoredCredential> rows = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          rows.add(read(row));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new StoreException("cannot read the vault's credentials", e);
    }
  }

  private static StoredCredential read(ResultSet row) throws SQLException {
    Sealed previous = null;
    int previousVersion = row.getInt(5);
    if (!row.wasNull()) {
      previous = new Sealed(previousVersion, row.getString(6), row.getString(7));
    }
    long until = row.getLong(8);
    Instant validUntil = row.wasNull() ? null : Instant.ofEpochMilli(until);
    return new StoredCredential(
        row.getString(1),
        new Sealed(row.getInt(2), row.getString(3), row.getString(4)),
        previous,
        validUntil,
        row.getString(9),
        Instant.ofEpochMilli(row.getLong(10)),
        Instant.ofEpochMilli(row.getLong(11)));
  }

  /** Removes a credential; false when there was none. */
  public boolean delete(String name) {
    try {
      return database.transaction(
          connection -> {
            try (PreparedStatement delete =
                connection.prepareStatement("DELETE FROM vault_credentials WHERE name = ?")) {
              delete.setString(1, name);
              boolean deleted = delete.executeUpdate() == 1;
              if (deleted) {
                bump(connection);
              }
              return deleted;
            }
          });
    } catch (SQLException e) {
      throw new StoreException("cannot delete credential " + name, e);
    }
  }

  /**
   * Replaces the wrapped data keys of {@code rewrapped} (same values, a new master key), only if
   * the row is still what was read: a concurrent rotation wins and is re-wrapped on the next run.
   */
  public boolean rewrap(StoredCredential read, StoredCredential rewrapped) {
    try (Connection connection = database.connection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE vault_credentials SET data_key = ?, previous_data_key = ?,"
                    + " master_key_id = ? WHERE name = ? AND version = ? AND master_key_id = ?")) {
      update.setString(1, rewrapped.current().dataKey());
      Sealed previous = rewrapped.previous();
      if (previous == null) {
        update.setNull(2, Types.VARCHAR);
      } else {
        update.setString(2, previous.dataKey());
      }
      update.setString(3, rewrapped.masterKeyId());
      update.setString(4, read.name());
      update.setInt(5, read.current().version());
      update.setString(6, read.masterKeyId());
      return update.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreException("cannot re-wrap credential " + read.name(), e);
    }
  }

  /** Moves on every credential write; gateways compare it to know when to reload. */
  public long version() {
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT version FROM store_versions WHERE name = 'credentials'");
        ResultSet row = select.executeQuery()) {
      return row.next() ? row.getLong(1) : 0;
    } catch (SQLException e) {
      throw new StoreException("cannot read the credentials version", e);
    }
  }

  private static void bump(Connection connection) throws SQLException {
    try (PreparedStatement bump = connection.prepareStatement(BUMP)) {
      bump.executeUpdate();
    }
  }
}

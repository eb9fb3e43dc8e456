package dev.modelgate.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The virtual keys table. Every write bumps the {@code keys} version in the same transaction, so a
 * gateway that polls the version reloads exactly when something changed.
 */
public final class VirtualKeyStore {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String VERSION = "SELECT version FROM store_versions WHERE name = 'keys'";
  private static final String BUMP =
      "UPDATE store_versions SET version = version + 1 WHERE name = 'keys'";

  private final Database database;

  public VirtualKeyStore(Database database) {
    this.database = database;
  }

  /** Stores a new key by its hash and returns it. */
  public VirtualKey create(VirtualKey.KeyDraft terms, String hash, String hint, Instant now) {
    String id = "vk_" + HexFormat.of().formatHex(randomBytes());
    long at = millis(now);
    write(
        "INSERT INTO virtual_keys (id, key_hash, key_hint, created_at, updated_at, "
            + KeyRows.TERM_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        statement -> {
          statement.setString(1, id);
          statement.setString(2, hash);
          statement.setString(3, hint);
          statement.setLong(4, at);
          statement.setLong(5, at);
          KeyRows.bindTerms(statement, 6, terms);
        });
    return find(id).orElseThrow();
  }

  /** Every key, revoked ones included, oldest first. */
  public List<VirtualKey> list() {
    return query("SELECT " + KeyRows.COLUMNS + " FROM virtual_keys ORDER BY created_at, id");
  }

  /** The keys a gateway must know: those not revoked. */
  public List<VirtualKey> active() {
    return query(
        "SELECT " + KeyRows.COLUMNS + " FROM virtual_keys WHERE revoked_at IS NULL ORDER BY id");
  }

  public Optional<VirtualKey> find(String id) {
    List<VirtualKey> found =
        query("SELECT " + KeyRows.COLUMNS + " FROM virtual_keys WHERE id = ?", id);
    return found.stream().findFirst();
  }

  /** Replaces what an administrator sets; false when there is no such key or it is revoked. */
  public boolean update(String id, VirtualKey.KeyDraft terms, Instant now) {
    String assignments = KeyRows.TERM_COLUMNS.replace(",", " = ?,") + " = ?";
    return write(
            "UPDATE virtual_keys SET "
                + assignments
                + ", updated_at = ? WHERE id = ? AND revoked_at IS NULL",
            statement -> {
              int next = KeyRows.bindTerms(statement, 1, terms);
              statement.setLong(next, millis(now));
              statement.setString(next + 1, id);
            })
        > 0;
  }

  /** Revokes a key at once (its previous secret too); false when there is no such live key. */
  public boolean revoke(String id, Instant now) {
    return write(
            "UPDATE virtual_keys SET revoked_at = ?, updated_at = ? WHERE id = ? AND revoked_at IS NULL",
            statement -> {
              statement.setLong(1, millis(now));
              statement.setLong(2, millis(now));
              statement.setString(3, id);
            })
        > 0;
  }

  /**
   * Gives a key a new secret; the current one stays valid until {@code graceUntil} (a secret
   * rotated out earlier is dropped). False when there is no such live key.
   */
  public boolean rotate(String id, String newHash, String hint, Instant graceUntil, Instant now) {
    return write(
            "UPDATE virtual_keys SET previous_hash = key_hash, previous_valid_until = ?,"
                + " key_hash = ?, key_hint = ?, updated_at = ? WHERE id = ? AND revoked_at IS NULL",
            statement -> {
              statement.setLong(1, millis(graceUntil));
              statement.setString(2, newHash);
              statement.setString(3, hint);
              statement.setLong(4, millis(now));
              statement.setString(5, id);
            })
        > 0;
  }

  /** The change counter of the keys: it grows with every write. */
  public long version() {
    try (Connection connection = database.connection();
        PreparedStatement statement = connection.prepareStatement(VERSION);
        ResultSet row = statement.executeQuery()) {
      if (!row.next()) {
        throw new StoreException("the store has no 'keys' version row; was it migrated?");
      }
      return row.getLong(1);
    } catch (SQLException e) {
      throw new StoreException("cannot read the keys version: " + e.getMessage(), e);
    }
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private int write(String sql, Binder binder) {
    try {
      return database.transaction(
          connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql);
                PreparedStatement bump = connection.prepareStatement(BUMP)) {
              binder.bind(statement);
              int changed = statement.executeUpdate();
              if (changed > 0) {
                bump.executeUpdate();
              }
              return changed;
            }
          });
    } catch (SQLException e) {
      throw new StoreException("cannot write the keys: " + e.getMessage(), e);
    }
  }

  private List<VirtualKey> query(String sql, String... parameters) {
    try (Connection connection = database.connection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      List<VirtualKey> keys = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          keys.add(KeyRows.read(rows));
        }
      }
      return keys;
    } catch (SQLException e) {
      throw new StoreException("cannot read the keys: " + e.getMessage(), e);
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static long millis(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
  }
}

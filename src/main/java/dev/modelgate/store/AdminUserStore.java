package dev.modelgate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Admin users and their recovery codes. The two one-time checks (a TOTP step, a recovery code) are
 * single conditional UPDATEs, so two logins racing with the same code cannot both succeed.
 */
public final class AdminUserStore {
  /**
   * A user as stored: the password's Argon2id hash and the TOTP secret, either as hex ({@code
   * totpSecret}, when no vault is configured) or sealed by the vault ({@code totpSealed}, with
   * {@code totpSecret} empty).
   */
  public record AdminUser(
      String name,
      String role,
      String passwordHash,
      String totpSecret,
      @Nullable String totpSealed,
      long lastTotpStep) {}

  /** One user's TOTP secret as stored, for sealing or re-wrapping it. */
  public record StoredTotp(String name, String totpSecret, @Nullable String totpSealed) {}

  private final Database database;

  public AdminUserStore(Database database) {
    this.database = database;
  }

  /** Adds a user with its recovery code hashes, in one transaction; false if the name is taken. */
  public boolean add(AdminUser user, List<String> recoveryCodeHashes, Instant now) {
    try {
      return database.transaction(connection -> insert(connection, user, recoveryCodeHashes, now));
    } catch (SQLException e) {
      throw new StoreException("cannot add the admin user: " + e.getMessage(), e);
    }
  }

  private static boolean insert(
      Connection connection, AdminUser user, List<String> recoveryCodeHashes, Instant now)
      throws SQLException {
    try (PreparedStatement exists =
            connection.prepareStatement("SELECT 1 FROM admin_users WHERE name = ?");
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO admin_users (name, user_role, password_hash, totp_secret,"
                    + " totp_sealed, last_totp_step, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement code =
            connection.prepareStatement(
                "INSERT INTO admin_recovery_codes (user_name, code_hash) VALUES (?, ?)")) {
      exists.setString(1, user.name());
      try (ResultSet row = exists.executeQuery()) {
        if (row.next()) {
          return false;
        }
      }
      insert.setString(1, user.name());
      insert.setString(2, user.role());
      insert.setString(3, user.passwordHash());
      insert.setString(4, user.totpSecret());
      insert.setString(5, user.totpSealed());
      insert.setLong(6, user.lastTotpStep());
      insert.setLong(7, now.toEpochMilli());
      insert.executeUpdate();
      for (String hash : recoveryCodeHashes) {
        code.setString(1, user.name());
        code.setString(2, hash);
        code.executeUpdate();
      }
      return true;
    }
  }

  public Optional<AdminUser> find(String name) {
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT name, user_role, password_hash, totp_secret, totp_sealed,"
                    + " last_totp_step FROM admin_users WHERE name = ?")) {
      select.setString(1, name);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new AdminUser(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getLong(6)));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the admin users: " + e.getMessage(), e);
    }
  }

  /** Every user's TOTP secret as stored. */
  public List<StoredTotp> totpSecrets() {
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT name, totp_secret, totp_sealed FROM admin_users ORDER BY name");
        ResultSet row = select.executeQuery()) {
      List<StoredTotp> secrets = new ArrayList<>();
      while (row.next()) {
        secrets.add(new StoredTotp(row.getString(1), row.getString(2), row.getString(3)));
      }
      return secrets;
    } catch (SQLException e) {
      throw new StoreException("cannot read the admin users: " + e.getMessage(), e);
    }
  }

  /**
   * Replaces a user's TOTP secret with {@code sealed} (the hex column emptied) if it is still
   * stored as {@code was}: a concurrent change wins, and this returns false.
   */
  public boolean replaceTotp(StoredTotp was, String sealed) {
    String sql =
        was.totpSealed() == null
            ? "UPDATE admin_users SET totp_secret = '', totp_sealed = ?"
                + " WHERE name = ? AND totp_secret = ? AND totp_sealed IS NULL"
            : "UPDATE admin_users SET totp_secret = '', totp_sealed = ?"
                + " WHERE name = ? AND totp_secret = ? AND totp_sealed = ?";
    return update(
        sql,
        statement -> {
          statement.setString(1, sealed);
          statement.setString(2, was.name());
          statement.setString(3, was.totpSecret());
          if (was.totpSealed() != null) {
            statement.setString(4, was.totpSealed());
          }
        });
  }

  /** Records {@code step} as used; false when it (or a later one) was used already. */
  public boolean useTotpStep(String name, long step) {
    return update(
        "UPDATE admin_users SET last_totp_step = ? WHERE name = ? AND last_totp_step < ?",
        statement -> {
          statement.setLong(1, step);
          statement.setString(2, name);
          statement.setLong(3, step);
        });
  }

  /** Marks a recovery code used; false when it is not one of the user's or was used already. */
  public boolean useRecoveryCode(String name, String codeHash, Instant now) {
    return update(
        "UPDATE admin_recovery_codes SET used_at = ?"
            + " WHERE user_name = ? AND code_hash = ? AND used_at IS NULL",
        statement -> {
          statement.setLong(1, now.toEpochMilli());
          statement.setString(2, name);
          statement.setString(3, codeHash);
        });
  }

  /** Every user's name and role, by name (never a hash or secret). */
  public List<UserSummary> list() {
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT name, user_role, created_at FROM admin_users ORDER BY name");
        ResultSet row = select.executeQuery()) {
      List<UserSummary> users = new ArrayList<>();
      while (row.next()) {
        users.add(
            new UserSummary(
                row.getString(1), row.getString(2), Instant.ofEpochMilli(row.getLong(3))));
      }
      return users;
    } catch (SQLException e) {
      throw new StoreException("cannot read the admin users: " + e.getMessage(), e);
    }
  }

  /** A user as listed. */
  public record UserSummary(String name, String role, Instant createdAt) {}

  /** Removes a user and their recovery codes, in one transaction; false if there was none. */
  public boolean remove(String name) {
    try {
      return database.transaction(
          connection -> {
            try (PreparedStatement codes =
                    connection.prepareStatement(
                        "DELETE FROM admin_recovery_codes WHERE user_name = ?");
                PreparedStatement user =
                    connection.prepareStatement("DELETE FROM admin_users WHERE name = ?")) {
              codes.setString(1, name);
              codes.executeUpdate();
              user.setString(1, name);
              return user.executeUpdate() == 1;
            }
          });
    } catch (SQLException e) {
      throw new StoreException("cannot remove the admin user: " + e.getMessage(), e);
    }
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private boolean update(String sql, Binder binder) {
    try (Connection connection = database.connection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      binder.bind(statement);
      return statement.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreException("cannot update the admin users: " + e.getMessage(), e);
    }
  }
}

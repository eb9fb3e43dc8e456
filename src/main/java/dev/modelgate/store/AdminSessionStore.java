package dev.modelgate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Admin login sessions by token hash. A session is live while unexpired, unrevoked and its user
 * still exists; the role comes from the user's row at each lookup.
 */
public final class AdminSessionStore {
  /** A live session: who, with the role they have now, and from where they logged in. */
  public record LiveSession(String userName, String role, String address, Instant expiresAt) {}

  private final Database database;

  public AdminSessionStore(Database database) {
    this.database = database;
  }

  public void open(String tokenHash, String userName, String address, Instant now, Instant until) {
    try (Connection connection = database.connection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO admin_sessions (token_hash, user_name, address, created_at,"
                    + " expires_at) VALUES (?, ?, ?, ?, ?)")) {
      insert.setString(1, tokenHash);
      insert.setString(2, userName);
      insert.setString(3, address);
      insert.setLong(4, now.toEpochMilli());
      insert.setLong(5, until.toEpochMilli());
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot open the admin session: " + e.getMessage(), e);
    }
  }

  public Optional<LiveSession> find(String tokenHash, Instant now) {
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT s.user_name, u.user_role, s.address, s.expires_at FROM admin_sessions s"
                    + " JOIN admin_users u ON u.name = s.user_name"
                    + " WHERE s.token_hash = ? AND s.expires_at > ? AND s.revoked_at IS NULL")) {
      select.setString(1, tokenHash);
      select.setLong(2, now.toEpochMilli());
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new LiveSession(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                Instant.ofEpochMilli(row.getLong(4))));
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the admin sessions: " + e.getMessage(), e);
    }
  }

  /** Ends one session; false when it was not live. */
  public boolean revoke(String tokenHash, Instant now) {
    return revokeWhere("token_hash = ?", tokenHash, now) == 1;
  }

  /** Ends every session of a user (removed, or locked out by an administrator). */
  public int revokeUser(String userName, Instant now) {
    return revokeWhere("user_name = ?", userName, now);
  }

  /** Forgets sessions that ended before {@code cutoff}; they can never be used again anyway. */
  public int purgeEndedBefore(Instant cutoff) {
    try (Connection connection = database.connection();
        PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM admin_sessions WHERE expires_at < ? OR revoked_at < ?")) {
      delete.setLong(1, cutoff.toEpochMilli());
      delete.setLong(2, cutoff.toEpochMilli());
      return delete.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot purge the admin sessions: " + e.getMessage(), e);
    }
  }

  private int revokeWhere(String condition, String value, Instant now) {
    try (Connection connection = database.connection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE admin_sessions SET revoked_at = ? WHERE "
                    + condition
                    + " AND revoked_at IS NULL")) {
      update.setLong(1, now.toEpochMilli());
      update.setString(2, value);
      return update.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot end the admin session: " + e.getMessage(), e);
    }
  }
}

package dev.modelgate.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.auth.KeyLimits;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Rows of {@code virtual_keys} to records and back, in the portable column types. */
final class KeyRows {
  static final String COLUMNS =
      "id, name, owner, team, key_hash, key_hint, previous_hash, previous_valid_until, models,"
          + " ip_allowlist, expires_at, rpm_limit, tpm_limit, budget_usd, budget_period,"
          + " created_at, updated_at, revoked_at";

  /** The columns an administrator sets, in the order {@link #bindTerms} binds them. */
  static final String TERM_COLUMNS =
      "name, owner, team, models, ip_allowlist, expires_at, rpm_limit, tpm_limit, budget_usd,"
          + " budget_period";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private KeyRows() {}

  static VirtualKey read(ResultSet row) throws SQLException {
    VirtualKey.KeyDraft terms =
        new VirtualKey.KeyDraft(
            row.getString("name"),
            row.getString("owner"),
            row.getString("team"),
            strings(row.getString("models")),
            strings(row.getString("ip_allowlist")),
            instant(row, "expires_at"),
            new KeyLimits(
                row.getObject("rpm_limit") == null ? null : row.getInt("rpm_limit"),
                row.getObject("tpm_limit") == null ? null : row.getLong("tpm_limit"),
                decimal(row.getString("budget_usd")),
                row.getString("budget_period")));
    return new VirtualKey(
        row.getString("id"),
        terms,
        row.getString("key_hash"),
        row.getString("key_hint"),
        row.getString("previous_hash"),
        instant(row, "previous_valid_until"),
        java.util.Objects.requireNonNull(instant(row, "created_at")),
        java.util.Objects.requireNonNull(instant(row, "updated_at")),
        instant(row, "revoked_at"));
  }

  /** Binds the {@link #TERM_COLUMNS} from parameter {@code first} on; returns the next index. */
  static int bindTerms(PreparedStatement statement, int first, VirtualKey.KeyDraft terms)
      throws SQLException {
    int i = first;
    statement.setString(i++, terms.name());
    statement.setString(i++, terms.owner());
    statement.setString(i++, terms.team());
    statement.setString(i++, json(terms.models()));
    statement.setString(i++, json(terms.ipAllowlist()));
    setInstant(statement, i++, terms.expiresAt());
    KeyLimits limits = terms.limits();
    if (limits.rpm() == null) {
      statement.setNull(i++, Types.INTEGER);
    } else {
      statement.setInt(i++, limits.rpm());
    }
    if (limits.tpm() == null) {
      statement.setNull(i++, Types.BIGINT);
    } else {
      statement.setLong(i++, limits.tpm());
    }
    statement.setBigDecimal(i++, limits.budgetUsd());
    statement.setString(i++, limits.budgetPeriod());
    return i;
  }

  static void setInstant(PreparedStatement statement, int index, @Nullable Instant value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value.toEpochMilli());
    }
  }

  private static @Nullable Instant instant(ResultSet row, String column) throws SQLException {
    long millis = row.getLong(column);
    return row.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  /** PostgreSQL pads to the column's scale and SQLite may store a REAL: one normal form. */
  static @Nullable BigDecimal decimal(@Nullable String text) {
    if (text == null) {
      return null;
    }
    BigDecimal value = new BigDecimal(text).stripTrailingZeros();
    return value.scale() < 0 ? value.setScale(0) : value;
  }

  private static List<String> strings(String json) throws SQLException {
    try {
      return List.copyOf(JSON.readValue(json, STRINGS));
    } catch (JsonProcessingException e) {
      throw new SQLException("a stored list is not a JSON array of strings: " + json, e);
    }
  }

  private static String json(List<String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serialises", e);
    }
  }
}

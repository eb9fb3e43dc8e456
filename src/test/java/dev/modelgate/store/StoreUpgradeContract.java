package dev.modelgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.auth.ApiKeys;
import dev.modelgate.testkit.TestDatabases;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;

/**
 * The migrations upgrade a database made by an earlier version, keeping what it holds: for the
 * first schema and the one just before the newest, a database is migrated only that far, given the
 * rows that version's gateway would have written (with that version's columns), then opened by
 * today's code, which migrates it the rest of the way. Each subclass names the database.
 */
abstract class StoreUpgradeContract {
  private static final Instant THEN = Instant.parse("2029-03-01T08:00:00Z");
  private static final String BEFORE_DAILY_SPEND = "7";

  abstract TestDatabases.Provisioned provision();

  @Test
  void aDatabaseOfTheFirstOrThePreviousVersionUpgradesWithItsRowsIntact() throws Exception {
    List<String> versions = migrationVersions();
    assertThat(versions).as("migrations on the class path").hasSizeGreaterThanOrEqualTo(2);
    for (String earlier : List.of(versions.getFirst(), versions.get(versions.size() - 2))) {
      try (TestDatabases.Provisioned old = provision()) {
        flyway(old.settings()).target(earlier).load().migrate();
        String secret = ApiKeys.newKey();
        writeKeyAsVersionOneDid(old.settings(), secret);

        try (Database upgraded = Database.open(old.settings())) {
          assertThat(flyway(old.settings()).load().info().current().getVersion().getVersion())
              .as("upgraded from V%s", earlier)
              .isEqualTo(versions.getLast());
          VirtualKey key = new VirtualKeyStore(upgraded).find("vk_from_v1").orElseThrow();
          assertThat(key.name()).isEqualTo("kept-app");
          assertThat(key.terms().team()).isEqualTo("search");
          assertThat(key.terms().models()).containsExactly("qwen-*");
          assertThat(key.terms().limits().budgetUsd()).isEqualByComparingTo(new BigDecimal("12.5"));
          assertThat(new VirtualKeyStore(upgraded).active())
              .extracting(VirtualKey::keyHash)
              .containsExactly(ApiKeys.hash(secret));
        }
      }
    }
  }

  /** Usage records written before the daily sums existed are summed into them by the upgrade. */
  @Test
  void usageOfThePreviousVersionIsSummedIntoTheDailySpend() throws Exception {
    try (TestDatabases.Provisioned old = provision()) {
      flyway(old.settings()).target(BEFORE_DAILY_SPEND).load().migrate();
      try (Connection connection =
              DriverManager.getConnection(
                  old.settings().url(), old.settings().user(), old.settings().password());
          PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO usage_records (id, request_id, at_ms, day, key_id, team, user_name,"
                      + " operation, stream, prompt_tokens, completion_tokens, cached_tokens,"
                      + " cost_nanos, latency_ms, ttft_ms, status, cache_hit, estimated)"
                      + " VALUES (?, 'req', ?, '2029-03-01', 'key-a', 'search', 'ann', 'chat', 0,"
                      + " 100, 20, 0, ?, 10, 5, 200, ?, 0)")) {
        for (int i = 0; i < 3; i++) {
          insert.setString(1, "u" + i);
          insert.setLong(2, THEN.toEpochMilli() + i);
          insert.setLong(3, 1_000_000L * (i + 1));
          insert.setInt(4, i == 2 ? 1 : 0); // the third one is a cache hit
          insert.executeUpdate();
        }
      }
      try (Database upgraded = Database.open(old.settings())) {
        UsageStore store = new UsageStore(upgraded);
        LocalDate day = LocalDate.parse("2029-03-01");
        assertThat(store.spentSince(UsageDimension.KEY, day).get("key-a").tokens()).isEqualTo(240);
        assertThat(store.spentSince(UsageDimension.TEAM, day).get("search").cost())
            .isEqualByComparingTo("0.003");
        assertThat(store.spentSince(UsageDimension.USER, day.plusDays(1))).isEmpty();
      }
    }
  }

  /**
   * Usage records are read by time range and by id only, so those are the only indexes an insert
   * keeps up to date: the key, team and user indexes of V5 are dropped by V9.
   */
  @Test
  void usageRecordsAreIndexedByTimeAndIdOnly() throws Exception {
    try (TestDatabases.Provisioned fresh = provision();
        Database database = Database.open(fresh.settings());
        Connection connection = database.connection();
        ResultSet indexes =
            connection.getMetaData().getIndexInfo(null, null, "usage_records", false, false)) {
      Set<String> names = new TreeSet<>();
      while (indexes.next()) {
        String name = indexes.getString("INDEX_NAME");
        if (name != null) {
          names.add(name.toLowerCase(Locale.ROOT));
        }
      }
      assertThat(names)
          .contains("usage_records_at")
          .doesNotContain("usage_records_key", "usage_records_team", "usage_records_user");
      assertThat(names).as("besides the primary key").hasSizeLessThanOrEqualTo(2);
    }
  }

  /** Every migration version on the class path, in order (read by Flyway from a scratch store). */
  static List<String> migrationVersions() {
    List<String> versions = new ArrayList<>();
    try (TestDatabases.Provisioned scratch = TestDatabases.sqlite()) {
      for (MigrationInfo info : flyway(scratch.settings()).load().info().all()) {
        versions.add(info.getVersion().getVersion());
      }
    }
    return versions;
  }

  private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(
      StoreSettings settings) {
    return Database.migrations().dataSource(settings.url(), settings.user(), settings.password());
  }

  /** A key row with exactly the columns of V1, as a gateway of that version inserted it. */
  private static void writeKeyAsVersionOneDid(StoreSettings settings, String secret)
      throws Exception {
    try (Connection connection =
            DriverManager.getConnection(settings.url(), settings.user(), settings.password());
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO virtual_keys (id, name, owner, team, key_hash, key_hint, models,"
                    + " ip_allowlist, budget_usd, budget_period, created_at, updated_at)"
                    + " VALUES ('vk_from_v1', 'kept-app', 'ann', 'search', ?, 'mg-****abcd',"
                    + " '[\"qwen-*\"]', '[]', 12.5, 'monthly', ?, ?)")) {
      insert.setString(1, ApiKeys.hash(secret));
      insert.setLong(2, THEN.toEpochMilli());
      insert.setLong(3, THEN.toEpochMilli());
      insert.executeUpdate();
    }
  }
}

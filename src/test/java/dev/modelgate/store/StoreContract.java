package dev.modelgate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.auth.ApiKeyAuthenticator;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.auth.KeyLimits;
import dev.modelgate.auth.LiveKeys;
import dev.modelgate.auth.Principal;
import dev.modelgate.error.Unauthenticated;
import dev.modelgate.testkit.TestDatabases;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store's behaviour, the same on every database: each subclass only says which database. A
 * fresh, empty database per test.
 */
abstract class StoreContract {
  private static final Instant NOW = Instant.parse("2030-01-01T10:00:00.123Z");

  private TestDatabases.Provisioned provisioned;
  private Database database;
  private VirtualKeyStore store;

  abstract TestDatabases.Provisioned provision();

  @BeforeEach
  void openEmptyDatabase() {
    provisioned = provision();
    database = Database.open(provisioned.settings());
    store = new VirtualKeyStore(database);
  }

  @AfterEach
  void dropDatabase() {
    if (database != null) {
      database.close();
    }
    if (provisioned != null) {
      provisioned.close();
    }
  }

  private static VirtualKey.KeyDraft draft(String name) {
    return new VirtualKey.KeyDraft(
        name,
        "alice@example.com",
        "search",
        List.of("gpt-4o", "echo*"),
        List.of("10.0.0.0/8", "2001:db8::/32"),
        NOW.plus(Duration.ofDays(30)),
        new KeyLimits(60, 100_000L, new BigDecimal("12.5"), "monthly"));
  }

  private VirtualKey create(String name, String secret) {
    return store.create(draft(name), ApiKeys.hash(secret), "mg-****" + name, NOW);
  }

  @Test
  void migrationsRunOnAnEmptyDatabaseAndAreIdempotentOnRestart() throws SQLException {
    List<String> all = StoreUpgradeContract.migrationVersions();
    assertThat(all).startsWith("1", "2", "3");
    assertThat(appliedMigrations(database)).isEqualTo(all);
    VirtualKey kept = create("kept", "mg-secret-1");
    long version = store.version();
    database.close();

    database = Database.open(provisioned.settings());
    store = new VirtualKeyStore(database);
    assertThat(appliedMigrations(database)).isEqualTo(all);
    assertThat(store.version()).isEqualTo(version);
    assertThat(store.find(kept.id())).contains(kept);
  }

  @Test
  void everyFieldRoundTrips() {
    VirtualKey.KeyDraft terms =
        new VirtualKey.KeyDraft(
            "exact",
            null,
            null,
            List.of("*"),
            List.of(),
            null,
            new KeyLimits(null, null, new BigDecimal("0.1"), null));
    VirtualKey created = store.create(terms, ApiKeys.hash("mg-a"), "mg-****a", NOW.minusSeconds(1));
    VirtualKey full = create("full", "mg-b");

    assertThat(created.id()).startsWith("vk_");
    assertThat(created.terms()).isEqualTo(terms);
    assertThat(created.createdAt()).isEqualTo(NOW.minusSeconds(1));
    assertThat(created.revokedAt()).isNull();
    assertThat(full.terms()).isEqualTo(draft("full"));
    assertThat(full.keyHash()).isEqualTo(ApiKeys.hash("mg-b"));
    assertThat(store.list()).containsExactly(created, full);
    assertThat(store.find("vk_missing")).isEmpty();
  }

  @Test
  void everyWriteBumpsTheVersionAndNothingElseDoes() {
    long start = store.version();
    VirtualKey key = create("counted", "mg-c");
    assertThat(store.version()).isEqualTo(start + 1);
    store.list();
    store.active();
    store.find(key.id());
    assertThat(store.version()).isEqualTo(start + 1);

    VirtualKey.KeyDraft renamed =
        new VirtualKey.KeyDraft(
            "renamed", null, "ops", List.of("*"), List.of(), null, KeyLimits.NONE);
    assertThat(store.update(key.id(), renamed, NOW.plusSeconds(5))).isTrue();
    assertThat(store.version()).isEqualTo(start + 2);
    assertThat(store.find(key.id()).orElseThrow().terms()).isEqualTo(renamed);
    assertThat(store.find(key.id()).orElseThrow().updatedAt()).isEqualTo(NOW.plusSeconds(5));

    assertThat(store.update("vk_missing", renamed, NOW)).isFalse();
    assertThat(store.revoke("vk_missing", NOW)).isFalse();
    assertThat(store.version()).isEqualTo(start + 2);
  }

  @Test
  void aRevokedKeyLeavesTheActiveSetAndCannotBeChanged() {
    VirtualKey gone = create("gone", "mg-d");
    VirtualKey stays = create("stays", "mg-e");
    assertThat(store.revoke(gone.id(), NOW.plusSeconds(1))).isTrue();
    assertThat(store.revoke(gone.id(), NOW.plusSeconds(2))).isFalse();
    assertThat(store.find(gone.id()).orElseThrow().revokedAt()).isEqualTo(NOW.plusSeconds(1));
    assertThat(store.active()).extracting(VirtualKey::id).containsExactly(stays.id());
    assertThat(store.update(gone.id(), draft("again"), NOW)).isFalse();
    assertThat(store.rotate(gone.id(), ApiKeys.hash("mg-f"), "h", NOW, NOW)).isFalse();
  }

  @Test
  void rotationKeepsThePreviousHashUntilTheGraceEnds() {
    VirtualKey key = create("rotated", "mg-old");
    Instant graceEnd = NOW.plus(Duration.ofHours(1));
    assertThat(store.rotate(key.id(), ApiKeys.hash("mg-new"), "mg-****new", graceEnd, NOW))
        .isTrue();
    VirtualKey rotated = store.find(key.id()).orElseThrow();
    assertThat(rotated.keyHash()).isEqualTo(ApiKeys.hash("mg-new"));
    assertThat(rotated.keyHint()).isEqualTo("mg-****new");
    assertThat(rotated.previousHash()).isEqualTo(ApiKeys.hash("mg-old"));
    assertThat(rotated.previousValidUntil()).isEqualTo(graceEnd);
    assertThat(rotated.terms()).isEqualTo(key.terms());
  }

  @Test
  void aKeyHashIsStoredOnlyOnce() {
    create("first", "mg-same");
    assertThatThrownBy(() -> create("second", "mg-same")).isInstanceOf(StoreException.class);
    assertThat(store.list()).hasSize(1);
  }

  @Test
  void anotherInstanceSeesChangesOnItsNextPoll() throws Exception {
    VirtualKey key = create("shared", "mg-shared-secret");
    LiveKeys live = new LiveKeys();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(List.of(), live, clock, null);
    try (Database other = Database.open(provisioned.settings());
        KeyRefresher refresher =
            KeyRefresher.start(new VirtualKeyStore(other), live, Duration.ofHours(1))) {
      Principal principal = authenticate(authenticator, "mg-shared-secret");
      assertThat(principal.keyId()).isEqualTo(key.id());
      assertThat(principal.team()).isEqualTo("search");
      assertThat(principal.limits().rpm()).isEqualTo(60);

      store.revoke(key.id(), NOW);
      assertThat(authenticate(authenticator, "mg-shared-secret").keyId()).isEqualTo(key.id());
      refresher.poll();
      assertThatThrownBy(() -> authenticate(authenticator, "mg-shared-secret"))
          .isInstanceOf(Unauthenticated.class);
    }
  }

  @Test
  void theAuditLogKeepsEntriesNewestFirstAndFiltersByActorAndAction() {
    AuditLog log = new AuditLog(database);
    AuditEntry first =
        log.append(
            new AuditEntry(
                "",
                NOW,
                "ops",
                "admin",
                "keys.create",
                "app",
                "10.0.0.7",
                "ok",
                null,
                "{\"id\":\"vk_1\"}"));
    AuditEntry second =
        log.append(
            new AuditEntry(
                "",
                NOW,
                "ci",
                "operator",
                "keys.revoke",
                "vk_1",
                "10.0.0.8",
                "ok",
                "{\"status\":\"active\"}",
                "{\"status\":\"revoked\"}"));
    AuditEntry third =
        log.append(
            new AuditEntry(
                "",
                NOW.plusMillis(1),
                "ops",
                "admin",
                "keys.revoke",
                "vk_2",
                "::1",
                "forbidden",
                null,
                null));

    assertThat(log.recent(10, null, null)).containsExactly(third, second, first);
    assertThat(log.recent(2, null, null)).containsExactly(third, second);
    assertThat(log.recent(10, "ops", null)).containsExactly(third, first);
    assertThat(log.recent(10, "ops", "keys.revoke")).containsExactly(third);
    assertThat(log.recent(10, "nobody", null)).isEmpty();
    assertThat(second.id()).isNotBlank().isNotEqualTo(first.id());
    assertThat(second.before()).isEqualTo("{\"status\":\"active\"}");
    assertThat(first.at()).isEqualTo(NOW.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }

  @Test
  void adminUsersTakeEachTotpStepAndRecoveryCodeOnce() {
    AdminUserStore users = new AdminUserStore(database);
    AdminUserStore.AdminUser alice =
        new AdminUserStore.AdminUser("alice", "viewer", "$argon2id$x", "00ff", null, 100);
    assertThat(users.add(alice, List.of("sha256:aa", "sha256:bb"), NOW)).isTrue();
    assertThat(users.add(alice, List.of(), NOW)).as("the name is taken").isFalse();
    assertThat(users.find("alice")).contains(alice);
    assertThat(users.find("bob")).isEmpty();

    assertThat(users.useTotpStep("alice", 100)).isFalse();
    assertThat(users.useTotpStep("alice", 101)).isTrue();
    assertThat(users.useTotpStep("alice", 101)).isFalse();
    assertThat(users.find("alice").orElseThrow().lastTotpStep()).isEqualTo(101);

    assertThat(users.useRecoveryCode("alice", "sha256:aa", NOW)).isTrue();
    assertThat(users.useRecoveryCode("alice", "sha256:aa", NOW)).isFalse();
    assertThat(users.useRecoveryCode("bob", "sha256:bb", NOW)).isFalse();
    assertThat(users.useRecoveryCode("alice", "sha256:bb", NOW)).isTrue();
  }

  @Test
  void aTotpSecretIsReplacedBySealedTextOnlyIfUnchangedMeanwhile() {
    AdminUserStore users = new AdminUserStore(database);
    users.add(
        new AdminUserStore.AdminUser("carol", "admin", "$argon2id$x", "00ff", null, 0),
        List.of(),
        NOW);
    AdminUserStore.StoredTotp plain = users.totpSecrets().getFirst();
    assertThat(plain).isEqualTo(new AdminUserStore.StoredTotp("carol", "00ff", null));

    String sealed = "mgseal1:k:" + "A".repeat(400) + ":" + "B".repeat(200);
    assertThat(users.replaceTotp(plain, sealed)).isTrue();
    assertThat(users.replaceTotp(plain, "mgseal1:other")).as("no longer plain").isFalse();
    AdminUserStore.StoredTotp now = users.totpSecrets().getFirst();
    assertThat(now).isEqualTo(new AdminUserStore.StoredTotp("carol", "", sealed));
    assertThat(users.find("carol").orElseThrow().totpSealed()).isEqualTo(sealed);

    assertThat(users.replaceTotp(now, "mgseal1:rewrapped")).isTrue();
    assertThat(users.find("carol").orElseThrow().totpSealed()).isEqualTo("mgseal1:rewrapped");
  }

  private static Principal authenticate(ApiKeyAuthenticator authenticator, String key)
      throws Exception {
    return authenticator.authenticate(
        Map.of("authorization", "Bearer " + key)::get, InetAddress.getByName("10.1.2.3"));
  }

  private static List<String> appliedMigrations(Database database) throws SQLException {
    try (Connection connection = database.connection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT version FROM "
                    + Database.HISTORY_TABLE
                    + " WHERE success = "
                    + (database.vendor() == DatabaseVendor.POSTGRESQL ? "true" : "1")
                    + " AND version IS NOT NULL ORDER BY installed_rank")) {
      List<String> versions = new java.util.ArrayList<>();
      while (rows.next()) {
        versions.add(rows.getString(1));
      }
      return versions;
    }
  }
}

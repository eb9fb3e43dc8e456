package dev.modelgate.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.provider.spi.Credential;
import dev.modelgate.store.CredentialStore;
import dev.modelgate.store.Database;
import dev.modelgate.testkit.MutableClock;
import dev.modelgate.testkit.TestDatabases;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vault's behaviour on every database (each subclass names one): sealing, rotation with grace,
 * master-key rotation, deletion, and no value in any column. A fresh, empty database per test.
 */
abstract class VaultStoreContract {
  private static final String SECRET_ONE = "sk-upstream-first-7f3a9c1e";
  private static final String SECRET_TWO = "sk-upstream-second-0b5d2e88";

  private TestDatabases.Provisioned provisioned;
  private Database database;
  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T10:00:00Z"));

  abstract TestDatabases.Provisioned provision();

  @BeforeEach
  void openEmptyDatabase() {
    provisioned = provision();
    database = Database.open(provisioned.settings());
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

  static LocalMasterKey newMasterKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return LocalMasterKey.parse(Base64.getEncoder().encodeToString(key), "test");
  }

  private CredentialVault vault(MasterKey current, MasterKey... previous) {
    return new CredentialVault(
        new CredentialStore(database), new MasterKeyRing(current, List.of(previous)), clock);
  }

  @Test
  void aSetCredentialOpensToItsValueAndShowsOnlyMetadata() {
    MasterKey master = newMasterKey();
    CredentialVault vault = vault(master);
    CredentialVault.CredentialInfo info = vault.set("qwen-prod", SECRET_ONE, Duration.ZERO);

    assertThat(info.version()).isEqualTo(1);
    assertThat(info.masterKeyId()).isEqualTo(master.id());
    assertThat(info.toString()).doesNotContain(SECRET_ONE);
    Credential credential = Objects.requireNonNull(vault.credential("qwen-prod"));
    assertThat(credential.value()).isEqualTo(SECRET_ONE);
    assertThat(credential.toString()).doesNotContain(SECRET_ONE);
    assertThat(vault.credential("other")).isNull();
    assertThat(vault.list())
        .extracting(CredentialVault.CredentialInfo::name)
        .containsExactly("qwen-prod");
  }

  @Test
  void noColumnOfTheDatabaseHoldsTheValueOrTheMasterKey() throws SQLException {
    CredentialVault vault = vault(newMasterKey());
    vault.set("a", SECRET_ONE, Duration.ZERO);
    vault.set("a", SECRET_TWO, Duration.ofHours(1));

    String everything = String.join("\n", allCells("vault_credentials"));
    assertThat(everything).contains("a").doesNotContain(SECRET_ONE).doesNotContain(SECRET_TWO);
    assertThat(everything)
        .doesNotContain(Base64.getEncoder().encodeToString(SECRET_ONE.getBytes()))
        .doesNotContain(Base64.getEncoder().encodeToString(SECRET_TWO.getBytes()));
  }

  @Test
  void anotherGatewaySeesARotationOnReloadAndTheOldValueWorksDuringGrace() {
    MasterKey master = newMasterKey();
    CredentialVault writer = vault(master);
    CredentialVault gateway = vault(master);
    writer.set("k", SECRET_ONE, Duration.ZERO);
    Credential credential = Objects.requireNonNull(gateway.credential("k"));

    writer.set("k", SECRET_TWO, Duration.ofMinutes(10));
    assertThat(credential.value()).isEqualTo(SECRET_ONE); // not reloaded yet
    gateway.reload();
    assertThat(gateway.credential("k")).isSameAs(credential);
    assertThat(credential.value()).isEqualTo(SECRET_TWO);

    // The upstream refuses the new value: the old one, in grace, is offered once more.
    assertThat(credential.unauthorized(SECRET_TWO)).isTrue();
    assertThat(credential.value()).isEqualTo(SECRET_ONE);
    clock.advance(VaultCredential.FALL_BACK_FOR.plusSeconds(1));
    assertThat(credential.value()).isEqualTo(SECRET_TWO);

    clock.advance(Duration.ofMinutes(10));
    assertThat(credential.unauthorized(SECRET_TWO)).isFalse();
    assertThat(credential.value()).isEqualTo(SECRET_TWO);
  }

  @Test
  void withoutGraceTheOldValueIsGoneAtOnce() {
    CredentialVault vault = vault(newMasterKey());
    vault.set("k", SECRET_ONE, Duration.ZERO);
    CredentialVault.CredentialInfo info = vault.set("k", SECRET_TWO, Duration.ZERO);
    assertThat(info.version()).isEqualTo(2);
    assertThat(info.previousValidUntil()).isNull();
    Credential credential = Objects.requireNonNull(vault.credential("k"));
    assertThat(credential.unauthorized(SECRET_TWO)).isFalse();
    assertThat(credential.value()).isEqualTo(SECRET_TWO);
  }

  @Test
  void masterKeyRotationRewrapsEveryDataKeyAndValuesStayReadableThroughout() {
    MasterKey oldKey = newMasterKey();
    MasterKey newKey = newMasterKey();
    vault(oldKey).set("a", SECRET_ONE, Duration.ZERO);
    vault(oldKey).set("b", SECRET_ONE, Duration.ZERO);
    vault(oldKey).set("b", SECRET_TWO, Duration.ofHours(1));

    CredentialVault during = vault(newKey, oldKey);
    during.reload();
    assertThat(Objects.requireNonNull(during.credential("b")).value()).isEqualTo(SECRET_TWO);
    assertThat(during.rotateMasterKey()).isEqualTo(2);
    assertThat(during.list()).allMatch(info -> info.masterKeyId().equals(newKey.id()));
    assertThat(during.rotateMasterKey()).isZero();

    CredentialVault after = vault(newKey);
    assertThat(Objects.requireNonNull(after.credential("a")).value()).isEqualTo(SECRET_ONE);
    Credential b = Objects.requireNonNull(after.credential("b"));
    assertThat(b.value()).isEqualTo(SECRET_TWO);
    assertThat(b.unauthorized(SECRET_TWO)).isTrue();
    assertThat(b.value()).isEqualTo(SECRET_ONE);

    CredentialVault oldOnly = vault(oldKey);
    assertThatThrownBy(() -> oldOnly.set("b", "x", Duration.ofHours(1)))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining(newKey.id())
        .hasMessageNotContaining(SECRET_ONE);
  }

  @Test
  void deletingRemovesTheCredentialFromGatewaysOnReload() {
    MasterKey master = newMasterKey();
    CredentialVault vault = vault(master);
    vault.set("k", SECRET_ONE, Duration.ZERO);
    assertThat(vault.credential("k")).isNotNull();
    assertThat(vault.delete("k")).isTrue();
    assertThat(vault.delete("k")).isFalse();
    vault.reload();
    assertThat(vault.credential("k")).isNull();
    assertThat(vault.list()).isEmpty();
  }

  @Test
  void aValueSealedForOneCredentialDoesNotOpenAsAnother() throws SQLException {
    MasterKey master = newMasterKey();
    CredentialVault vault = vault(master);
    vault.set("a", SECRET_ONE, Duration.ZERO);
    vault.set("b", SECRET_TWO, Duration.ZERO);
    try (Connection connection = database.connection()) {
      String sealed;
      String dataKey;
      try (Statement statement = connection.createStatement();
          ResultSet row =
              statement.executeQuery(
                  "SELECT sealed_value, data_key FROM vault_credentials WHERE name = 'a'")) {
        row.next();
        sealed = row.getString(1);
        dataKey = row.getString(2);
      }
      // Copies a's sealed value and data key into b's row, as an attacker with the database could.
      try (var update =
          connection.prepareStatement(
              "UPDATE vault_credentials SET sealed_value = ?, data_key = ? WHERE name = 'b'")) {
        update.setString(1, sealed);
        update.setString(2, dataKey);
        update.executeUpdate();
      }
    }
    CredentialVault reader = vault(master);
    reader.reload();
    assertThat(reader.credential("b")).isNull();
    assertThat(Objects.requireNonNull(reader.credential("a")).value()).isEqualTo(SECRET_ONE);
  }

  private List<String> allCells(String table) throws SQLException {
    List<String> cells = new ArrayList<>();
    try (Connection connection = database.connection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
      ResultSetMetaData meta = rows.getMetaData();
      while (rows.next()) {
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          cells.add(String.valueOf(rows.getString(i)));
        }
      }
    }
    return cells;
  }
}

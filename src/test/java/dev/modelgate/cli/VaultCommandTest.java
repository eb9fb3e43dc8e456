package dev.modelgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.modelgate.admin.Base32;
import dev.modelgate.admin.Totp;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code modelgate vault set|rotate|list|rotate-master-key|delete} on a SQLite store with key-file
 * master keys (one base64, one a Tink JSON keyset): admin users' TOTP secrets are sealed by the
 * vault too, re-wrapped with the credentials, and still open for a login on a gateway that has only
 * the new master key. No secret is in the database file in plain text.
 */
class VaultCommandTest {
  private static final String PASSWORD = "a long enough admin password";
  private static final String FIRST = "sk-qwen-first-value-0123456789";
  private static final String SECOND = "sk-qwen-second-value-9876543210";

  @TempDir Path dir;
  private String store;
  private Path oldKey;
  private Path newKey;

  @BeforeEach
  void keys() throws Exception {
    store = "store:\n  url: jdbc:sqlite:" + dir.resolve("vault.db") + "\n";
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    oldKey = Files.writeString(dir.resolve("old.key"), Base64.getEncoder().encodeToString(raw));
    AeadConfig.register();
    newKey =
        Files.writeString(
            dir.resolve("new.key"),
            TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM),
                InsecureSecretKeyAccess.get()));
  }

  private String config(String name, String vault) throws Exception {
    return Files.writeString(dir.resolve(name), store + vault).toString();
  }

  private static String keyFile(Path path) {
    return "{type: file, path: \"" + path + "\"}";
  }

  private String[] totpColumns() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("vault.db"));
        Statement statement = db.createStatement();
        ResultSet row =
            statement.executeQuery("SELECT totp_secret, totp_sealed FROM admin_users")) {
      assertThat(row.next()).isTrue();
      return new String[] {row.getString(1), row.getString(2)};
    }
  }

  @Test
  void credentialsAndTotpSecretsAreSealedRotatedAndRewrappedThroughTheCli() throws Exception {
    String before = config("before.yaml", "vault:\n  master_key: " + keyFile(oldKey) + "\n");
    CliRun added =
        CliRun.of(
            PASSWORD + "\n",
            "admin",
            "users",
            "add",
            "root",
            "--role",
            "admin",
            "--password-stdin",
            "-c",
            before);
    assertThat(added.exit()).as(added.err()).isZero();
    Matcher uri = Pattern.compile("secret=([A-Z2-7]+)&").matcher(added.out());
    assertThat(uri.find()).isTrue();
    byte[] totp = Base32.decode(uri.group(1));
    String[] sealedTotp = totpColumns();
    assertThat(sealedTotp[0]).as("no hex secret").isEmpty();
    assertThat(sealedTotp[1]).startsWith("mgseal1:local:");

    CliRun set = CliRun.of(FIRST, "vault", "set", "qwen-prod", "-c", before);
    assertThat(set.exit()).as(set.err()).isZero();
    assertThat(set.out()).contains("qwen-prod").contains("version").doesNotContain(FIRST);
    CliRun rotated =
        CliRun.of(SECOND, "vault", "rotate", "qwen-prod", "--grace", "5m", "-c", before);
    assertThat(rotated.exit()).as(rotated.err()).isZero();
    assertThat(rotated.out()).contains("\"version\":2").contains("previous_version_valid_until");
    assertThat(CliRun.of("", "vault", "rotate", "missing", "-c", before).exit()).isEqualTo(1);
    CliRun listed = CliRun.of("", "vault", "list", "-c", before);
    assertThat(listed.out()).contains("qwen-prod").doesNotContain(FIRST).doesNotContain(SECOND);

    String during =
        config(
            "during.yaml",
            "vault:\n  master_key: "
                + keyFile(newKey)
                + "\n  previous_master_keys: ["
                + keyFile(oldKey)
                + "]\n");
    CliRun rewrap = CliRun.of("", "vault", "rotate-master-key", "-c", during);
    assertThat(rewrap.exit()).as(rewrap.err()).isZero();
    assertThat(rewrap.out()).contains("re-wrapped 1 credentials and 1 admin TOTP secrets");
    assertThat(totpColumns()[1]).isNotEqualTo(sealedTotp[1]);
    assertThat(CliRun.of("", "vault", "rotate-master-key", "-c", during).out())
        .contains("re-wrapped 0 credentials and 0 admin TOTP secrets");

    String after = "vault:\n  master_key: " + keyFile(newKey) + "\n";
    try (TestGateway gateway =
        TestGateway.start(
            store
                + after
                + TestGateway.authBlock()
                + "admin:\n  port: 0\n"
                + TestGateway.echoRoutes("echo"))) {
      String code = Totp.code(totp, Totp.step(Instant.now()));
      HttpProbe.Result login =
          HttpProbe.post(
              gateway.adminUrl() + "/v1/login",
              null,
              "{\"name\":\"root\",\"password\":\"%s\",\"code\":\"%s\"}".formatted(PASSWORD, code));
      assertThat(login.status()).as(login.body()).isEqualTo(200);
      String token = login.json().path("token").asText();
      assertThat(HttpProbe.get(gateway.adminUrl() + "/v1/credentials", token).body())
          .contains("qwen-prod")
          .doesNotContain(SECOND);
    }
    String afterConfig = config("after.yaml", after);
    assertThat(CliRun.of("", "vault", "delete", "qwen-prod", "-c", afterConfig).exit()).isZero();
    assertThat(CliRun.of("", "vault", "list", "-c", afterConfig).out()).doesNotContain("qwen-prod");

    String file =
        new String(Files.readAllBytes(dir.resolve("vault.db")), StandardCharsets.ISO_8859_1);
    assertThat(file)
        .doesNotContain(FIRST)
        .doesNotContain(SECOND)
        .doesNotContain(HexFormat.of().formatHex(totp))
        .doesNotContain(uri.group(1));
  }

  @Test
  void aTotpSecretStoredBeforeTheVaultIsSealedOnceTheVaultIsOn() throws Exception {
    String plain = config("plain.yaml", "");
    CliRun added =
        CliRun.of(
            PASSWORD + "\n",
            "admin",
            "users",
            "add",
            "ops",
            "--role",
            "operator",
            "--password-stdin",
            "-c",
            plain);
    assertThat(added.exit()).as(added.err()).isZero();
    assertThat(totpColumns()[0]).hasSize(40);
    assertThat(totpColumns()[1]).isNull();

    String sealed = config("sealed.yaml", "vault:\n  master_key: " + keyFile(oldKey) + "\n");
    assertThat(CliRun.of("", "admin", "users", "list", "-c", sealed).out()).contains("ops");
    assertThat(totpColumns()[0]).isEmpty();
    assertThat(totpColumns()[1]).startsWith("mgseal1:");

    CliRun withoutVault = CliRun.of("", "admin", "users", "list", "-c", plain);
    assertThat(withoutVault.exit()).as("listing needs no secret").isZero();
  }
}

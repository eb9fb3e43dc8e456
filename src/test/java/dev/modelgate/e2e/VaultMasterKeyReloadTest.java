package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.store.CredentialStore;
import dev.modelgate.store.Database;
import dev.modelgate.store.StoreSettings;
import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestDatabases;
import dev.modelgate.testkit.TestGateway;
import dev.modelgate.vault.CredentialVault;
import dev.modelgate.vault.LocalMasterKey;
import dev.modelgate.vault.MasterKeyRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A master-key rotation without a restart: the new key and the old one put in the watched file take
 * effect on reload (credentials sealed under the old key keep serving, new writes use the new key),
 * the re-wrap moves every data key, the old key can then go; a file whose keys do not open what is
 * stored is refused and the running keys stay.
 */
class VaultMasterKeyReloadTest {
  private static final String ADMIN_TOKEN = VaultEndToEndTest.ADMIN_TOKEN;
  private static final String CHAT = VaultEndToEndTest.CHAT;

  private Path dir;

  @BeforeEach
  void makeKeys() throws Exception {
    dir = Files.createTempDirectory("modelgate-vault-reload");
    for (String name : new String[] {"old.key", "new.key", "stranger.key"}) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      Files.writeString(dir.resolve(name), Base64.getEncoder().encodeToString(key));
    }
  }

  @AfterEach
  void deleteStore() {
    TestDatabases.deleteTree(dir);
  }

  private String vault(String current, String... previous) {
    StringBuilder yaml =
        new StringBuilder(
            "vault:\n  master_key: {type: file, path: " + dir.resolve(current) + "}\n");
    if (previous.length > 0) {
      yaml.append("  previous_master_keys:\n");
      for (String key : previous) {
        yaml.append("    - {type: file, path: ").append(dir.resolve(key)).append("}\n");
      }
    }
    return yaml.toString();
  }

  private String config(FakeUpstream fake, String vault) {
    return VaultEndToEndTest.config(
        dir,
        vault,
        VaultEndToEndTest.upstream("qwen", fake, "qwen-prod"),
        VaultEndToEndTest.route("m", "qwen"));
  }

  private static HttpProbe.Result put(TestGateway gateway, String name, String value) {
    HttpProbe.Result put =
        HttpProbe.send(
            "PUT",
            gateway.adminUrl() + "/v1/credentials/" + name,
            ADMIN_TOKEN,
            "{\"value\":\"" + value + "\"}");
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    return put;
  }

  @Test
  void theMasterKeysOfAReloadedFileTakeEffectWithoutARestart() throws Exception {
    Set<String> accepted = new CopyOnWriteArraySet<>(Set.of("Bearer sk-qwen-value-1111"));
    String oldKeyId;
    try (Database database = Database.open(StoreSettings.defaults(dir))) {
      oldKeyId =
          new CredentialVault(
                  new CredentialStore(database),
                  new MasterKeyRing(
                      LocalMasterKey.parse(Files.readString(dir.resolve("old.key")), "test"),
                      List.of()),
                  Clock.systemUTC())
              .set("qwen-prod", "sk-qwen-value-1111", Duration.ZERO)
              .masterKeyId();
    }
    try (FakeUpstream fake = VaultEndToEndTest.acceptingOnly(accepted);
        TestGateway gateway = TestGateway.start(config(fake, vault("old.key")))) {
      String chat = gateway.baseUrl() + "/v1/chat/completions";
      HttpProbe.Result served = HttpProbe.post(chat, TestGateway.KEY, CHAT);
      assertThat(served.status()).as(served.body()).isEqualTo(200);
      // An admin user, whose TOTP secret is sealed under the old key too.
      HttpProbe.Result user =
          HttpProbe.send(
              "POST",
              gateway.adminUrl() + "/v1/users",
              ADMIN_TOKEN,
              "{\"name\":\"alice\",\"role\":\"viewer\",\"password\":\"a long enough password\"}");
      assertThat(user.status()).as(user.body()).isEqualTo(201);

      // Step one of the rotation: the new key current, the old one kept to open what it wraps.
      gateway.rewrite(config(fake, vault("new.key", "old.key")));
      Await.until(
          () ->
              !put(gateway, "probe", "sk-probe-2222")
                  .json()
                  .path("master_key_id")
                  .asText()
                  .equals(oldKeyId),
          "new writes sealed under the new master key");
      assertThat(gateway.gateway().watcher().lastError()).isNull();
      served = HttpProbe.post(chat, TestGateway.KEY, CHAT);
      assertThat(served.status()).as(served.body()).isEqualTo(200);
      assertThat(fake.lastRequest().header("authorization")).isEqualTo("Bearer sk-qwen-value-1111");

      // A file whose only key opens nothing stored is refused; the running keys stay.
      gateway.rewrite(config(fake, vault("stranger.key")));
      Await.until(
          () -> String.valueOf(gateway.gateway().watcher().lastError()).contains("vault:"),
          "the reload refused");
      assertThat(gateway.gateway().watcher().lastError())
          .contains("qwen-prod")
          .contains("previous_master_keys")
          .doesNotContain("sk-qwen");
      assertThat(HttpProbe.post(chat, TestGateway.KEY, CHAT).status()).isEqualTo(200);

      // With every credential written again under the new key, the old key still wraps the
      // admin user's TOTP secret: a file without it is refused for that.
      gateway.rewrite(config(fake, vault("new.key", "old.key")));
      Await.until(() -> gateway.gateway().watcher().lastError() == null, "the good file again");
      put(gateway, "qwen-prod", "sk-qwen-value-1111");
      gateway.rewrite(config(fake, vault("new.key")));
      Await.until(
          () -> String.valueOf(gateway.gateway().watcher().lastError()).contains("TOTP"),
          "the reload refused for the TOTP secret");
      assertThat(gateway.gateway().watcher().lastError()).contains(oldKeyId);

      // Step two: every data key re-wrapped; step three: the old key leaves the file.
      gateway.rewrite(config(fake, vault("new.key", "old.key")));
      Await.until(() -> gateway.gateway().watcher().lastError() == null, "the good file again");
      HttpProbe.Result rewrap =
          HttpProbe.send(
              "POST", gateway.adminUrl() + "/v1/vault/rotate-master-key", ADMIN_TOKEN, "{}");
      assertThat(rewrap.status()).as(rewrap.body()).isEqualTo(200);
      assertThat(rewrap.json().path("rewrapped").asInt()).isZero();
      assertThat(rewrap.json().path("totp_secrets_rewrapped").asInt()).isEqualTo(1);
      gateway.rewrite(config(fake, vault("new.key")));
      Await.until(
          () ->
              gateway.gateway().watcher().lastError() == null
                  && gateway.gateway().runtime().get().config().vault().previous().isEmpty(),
          "the file without the old key applied");
      served = HttpProbe.post(chat, TestGateway.KEY, CHAT);
      assertThat(served.status()).as(served.body()).isEqualTo(200);
      assertThat(fake.lastRequest().header("authorization")).isEqualTo("Bearer sk-qwen-value-1111");
    }
  }
}

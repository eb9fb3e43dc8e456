package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.auth.ApiKeys;
import dev.modelgate.store.CredentialStore;
import dev.modelgate.store.Database;
import dev.modelgate.store.StoreSettings;
import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.FakeResponse;
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
 * The gateway calls an upstream with a credential from the vault: the upstream receives the opened
 * value; a rotation (through the admin API, or by another process on the shared store) takes effect
 * without a restart; and a value not yet accepted upstream falls back to the previous one during
 * its grace period.
 */
class VaultEndToEndTest {
  static final String ADMIN_TOKEN = "mg-admin-token-vault-0123456789";
  static final String CHAT =
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  static final String OK =
      "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
          + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
  static final String UNAUTHORIZED =
      "{\"error\":{\"message\":\"Incorrect API key\",\"type\":\"invalid_request_error\"}}";

  private Path dir;
  private String masterKey;

  @BeforeEach
  void makeStoreAndMasterKey() throws Exception {
    dir = Files.createTempDirectory("modelgate-vault-e2e");
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    masterKey = Base64.getEncoder().encodeToString(key);
    Files.writeString(dir.resolve("master.key"), masterKey);
  }

  @AfterEach
  void deleteStore() {
    TestDatabases.deleteTree(dir);
  }

  /** A gateway whose upstreams authenticate with vault credentials; {@code upstreams} is YAML. */
  static String config(Path dir, String upstreams, String routes) {
    return config(
        dir,
        """
        vault:
          master_key:
            type: file
            path: %s
        """
            .formatted(dir.resolve("master.key")),
        upstreams,
        routes);
  }

  /** The same with {@code vault}, a whole {@code vault:} section of YAML. */
  static String config(Path dir, String vault, String upstreams, String routes) {
    return TestGateway.authBlock()
        + """
        store:
          url: jdbc:sqlite:%s
          refresh_interval: 100ms
        %s
        admin:
          port: 0
          tokens:
            - name: ops
              hash: %s
        upstreams:
        %s
        routes:
        %s
        """
            .formatted(
                dir.resolve("modelgate.db"),
                vault.strip(),
                ApiKeys.hash(ADMIN_TOKEN),
                upstreams,
                routes);
  }

  static String upstream(String name, FakeUpstream fake, String credential) {
    return """
          - name: %s
            type: openai
            dialect: vllm
            base_url: %s
            credential: %s
        """
        .formatted(name, fake.baseUrl(), credential);
  }

  static String route(String model, String upstream) {
    return "  - model: " + model + "\n    targets: [{upstream: " + upstream + "}]\n";
  }

  /** The vault on the same store, as the CLI or another gateway opens it. */
  private CredentialVault otherProcess(Database database) {
    return new CredentialVault(
        new CredentialStore(database),
        new MasterKeyRing(LocalMasterKey.parse(masterKey, "test"), List.of()),
        Clock.systemUTC());
  }

  /** An upstream that answers 200 only to the bearer values in {@code accepted}. */
  static FakeUpstream acceptingOnly(Set<String> accepted) {
    return FakeUpstream.start()
        .respond(
            request ->
                accepted.contains(String.valueOf(request.header("authorization")))
                    ? FakeResponse.json(200, OK)
                    : FakeResponse.json(401, UNAUTHORIZED));
  }

  @Test
  void theUpstreamGetsTheOpenedValueAndRotationsTakeEffectWithoutARestart() {
    Set<String> accepted = new CopyOnWriteArraySet<>(Set.of("Bearer sk-first-value-1111"));
    StoreSettings store = StoreSettings.defaults(dir);
    try (Database database = Database.open(store);
        FakeUpstream fake = acceptingOnly(accepted)) {
      CredentialVault cli = otherProcess(database);
      cli.set("qwen-prod", "sk-first-value-1111", Duration.ZERO);
      try (TestGateway gateway =
          TestGateway.start(config(dir, upstream("qwen", fake, "qwen-prod"), route("m", "qwen")))) {
        String chat = gateway.baseUrl() + "/v1/chat/completions";
        assertThat(HttpProbe.post(chat, TestGateway.KEY, CHAT).status()).isEqualTo(200);
        assertThat(fake.lastRequest().header("authorization"))
            .isEqualTo("Bearer sk-first-value-1111");

        // Rotated on the admin API: in force at once on this gateway.
        accepted.add("Bearer sk-second-value-2222");
        HttpProbe.Result put =
            HttpProbe.send(
                "PUT",
                gateway.adminUrl() + "/v1/credentials/qwen-prod",
                ADMIN_TOKEN,
                "{\"value\":\"sk-second-value-2222\",\"grace\":\"10m\"}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().path("version").asInt()).isEqualTo(2);
        assertThat(put.body()).doesNotContain("sk-second");
        assertThat(HttpProbe.post(chat, TestGateway.KEY, CHAT).status()).isEqualTo(200);
        assertThat(fake.lastRequest().header("authorization"))
            .isEqualTo("Bearer sk-second-value-2222");

        // Rotated by another process on the shared store: picked up on the next poll.
        cli.set("qwen-prod", "sk-third-value-3333", Duration.ofMinutes(10));
        accepted.add("Bearer sk-third-value-3333");
        Await.until(
            () ->
                HttpProbe.post(chat, TestGateway.KEY, CHAT).status() == 200
                    && "Bearer sk-third-value-3333"
                        .equals(fake.lastRequest().header("authorization")),
            "the third value in use");

        // A value the upstream does not accept yet: the previous one, in grace, still serves.
        cli.set("qwen-prod", "sk-fourth-not-active-4444", Duration.ofMinutes(10));
        Await.until(
            () ->
                fake.requests().stream()
                        .anyMatch(
                            r ->
                                "Bearer sk-fourth-not-active-4444"
                                    .equals(r.header("authorization")))
                    || probeOnce(chat),
            "the fourth value tried");
        HttpProbe.Result fallback = HttpProbe.post(chat, TestGateway.KEY, CHAT);
        assertThat(fallback.status()).as(fallback.body()).isEqualTo(200);
        assertThat(fake.lastRequest().header("authorization"))
            .isEqualTo("Bearer sk-third-value-3333");
      }
    }
  }

  /** Sends one chat and reports whether the fourth value has been seen upstream. */
  private static boolean probeOnce(String chat) {
    HttpProbe.post(chat, TestGateway.KEY, CHAT);
    return false;
  }

  @Test
  void anUnknownCredentialIsAConfigurationErrorNamingItsPath() {
    try (FakeUpstream fake = FakeUpstream.start()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  TestGateway.start(
                      config(dir, upstream("qwen", fake, "qwen-prod"), route("m", "qwen"))))
          .hasMessageContaining("upstreams[0].credential: unknown credential 'qwen-prod'");
    }
  }
}

package dev.modelgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.auth.ApiKeys;
import dev.modelgate.store.Database;
import dev.modelgate.store.StoreSettings;
import dev.modelgate.store.VirtualKey;
import dev.modelgate.store.VirtualKeyStore;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code modelgate keys create|list|show|update|revoke|rotate} in-process, on a SQLite store. */
class KeyVerbsTest {
  @TempDir Path dir;
  private Path config;
  private String storeUrl;

  @BeforeEach
  void writeConfig() throws Exception {
    storeUrl = "jdbc:sqlite:" + dir.resolve("keys.db");
    config = dir.resolve("modelgate.yaml");
    Files.writeString(config, "store:\n  url: " + storeUrl + "\n");
  }

  private CliRun run(String... args) {
    String[] withConfig = new String[args.length + 2];
    System.arraycopy(args, 0, withConfig, 0, 2);
    withConfig[2] = "--config";
    withConfig[3] = config.toString();
    System.arraycopy(args, 2, withConfig, 4, args.length - 2);
    return CliRun.of("", withConfig);
  }

  private static String field(String output, String label) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + ":\\s+(\\S.*)$").matcher(output);
    assertThat(m.find()).as("%s in %s", label, output).isTrue();
    return m.group(1).strip();
  }

  private VirtualKey stored(String id) {
    try (Database database =
        Database.open(
            new StoreSettings(
                storeUrl, null, null, StoreSettings.Pool.DEFAULT, Duration.ofSeconds(2)))) {
      return new VirtualKeyStore(database).find(id).orElseThrow();
    }
  }

  @Test
  void createPrintsTheSecretOnceAndStoresOnlyItsHash() {
    CliRun created =
        run(
            "keys",
            "create",
            "search-app",
            "--team",
            "search",
            "--model",
            "echo",
            "--ip",
            "10.0.0.0/8",
            "--expires-in",
            "30d",
            "--rpm",
            "60",
            "--budget-usd",
            "12.50");
    assertThat(created.exit()).as(created.err()).isZero();
    String secret = field(created.out(), "key");
    String id = field(created.out(), "id");
    VirtualKey key = stored(id);
    assertThat(key.keyHash()).isEqualTo(ApiKeys.hash(secret));
    assertThat(key.terms().team()).isEqualTo("search");
    assertThat(key.terms().models()).containsExactly("echo");
    assertThat(key.terms().ipAllowlist()).containsExactly("10.0.0.0/8");
    assertThat(key.terms().limits().rpm()).isEqualTo(60);
    assertThat(key.terms().expiresAt()).isAfter(Instant.now().plus(Duration.ofDays(29)));

    CliRun list = run("keys", "list");
    assertThat(list.out()).contains(id, "search-app", "active").doesNotContain(secret);
    CliRun show = run("keys", "show", id);
    assertThat(field(show.out(), "budget")).isEqualTo("12.5 USD total");
    assertThat(show.out()).doesNotContain(secret);
  }

  @Test
  void updateChangesOnlyWhatIsGiven() {
    String id = field(run("keys", "create", "app", "--team", "a", "--ip", "10.0.0.1").out(), "id");
    CliRun updated = run("keys", "update", id, "--model", "gpt-*", "--any-ip", "--name", "renamed");
    assertThat(updated.exit()).as(updated.err()).isZero();
    VirtualKey key = stored(id);
    assertThat(key.name()).isEqualTo("renamed");
    assertThat(key.terms().team()).isEqualTo("a");
    assertThat(key.terms().models()).containsExactly("gpt-*");
    assertThat(key.terms().ipAllowlist()).isEmpty();

    CliRun bad = run("keys", "update", id, "--ip", "not-an-ip");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("ip_allowlist[0]");
  }

  @Test
  void rotateAndRevoke() {
    CliRun created = run("keys", "create", "app");
    String id = field(created.out(), "id");
    String old = field(created.out(), "key");

    CliRun rotated = run("keys", "rotate", id, "--grace", "1h");
    assertThat(rotated.exit()).as(rotated.err()).isZero();
    String fresh = field(rotated.out(), "key");
    assertThat(fresh).isNotEqualTo(old);
    VirtualKey key = stored(id);
    assertThat(key.keyHash()).isEqualTo(ApiKeys.hash(fresh));
    assertThat(key.previousHash()).isEqualTo(ApiKeys.hash(old));
    assertThat(field(rotated.out(), "old secret until")).isNotBlank();

    assertThat(field(run("keys", "revoke", id).out(), "status")).isEqualTo("revoked");
    CliRun again = run("keys", "revoke", id);
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("already revoked");
    assertThat(run("keys", "show", "vk_none").err()).contains("not found");
  }

  @Test
  void aKeyMadeOnTheCommandLineReachesARunningGateway() throws Exception {
    String yaml =
        TestGateway.authBlock()
            + """
            store:
              url: %s
              refresh_interval: 100ms
            """
                .formatted(storeUrl)
            + TestGateway.echoRoutes("echo");
    try (TestGateway gateway = TestGateway.start(yaml)) {
      String secret = field(run("keys", "create", "cli-made", "--model", "echo").out(), "key");
      String body = "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
      String url = gateway.baseUrl() + "/v1/chat/completions";
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      int status = HttpProbe.post(url, secret, body).status();
      while (status != 200 && System.nanoTime() < deadline) {
        Thread.sleep(20);
        status = HttpProbe.post(url, secret, body).status();
      }
      assertThat(status).isEqualTo(200);
    }
  }
}

package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.chain.CallListener;
import dev.modelgate.config.ConfigLoader;
import dev.modelgate.observe.AccessLog;
import dev.modelgate.server.Gateway;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestDatabases;
import dev.modelgate.testkit.TestGateway;
import dev.modelgate.testkit.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Changes reach the other instances through Redis at once, long before their next poll (60 s here):
 * a key made or revoked on one instance's admin API, and a configuration file both read, applied by
 * the instance that watches it often.
 */
class ChangeNudgeEndToEndTest {
  private static final String ADMIN_TOKEN = "mg-admin-token-nudge-0123456789";
  private static final Duration POLL = Duration.ofSeconds(60);
  private static final Duration WELL_BEFORE_THE_POLL = Duration.ofSeconds(3);
  private static final String CHAT =
      "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private static String config(String storeUrl, String shared, String admin, String routes) {
    return "server:\n  host: 127.0.0.1\n  port: 0\n"
        + TestGateway.authBlock()
        + "store:\n  url: "
        + storeUrl
        + "\n  refresh_interval: 60s\n"
        + admin
        + shared
        + routes;
  }

  /** The Redis the instances share: the machine's, under a prefix of this test's own. */
  TestRedis.Shared redis() {
    return TestRedis.shared();
  }

  @Test
  void aKeyMadeOnOneInstanceIsUsableOnTheOtherWithinSeconds() throws Exception {
    Path dir = Files.createTempDirectory("modelgate-nudge");
    String store = "jdbc:sqlite:" + dir.resolve("shared.db");
    String admin =
        "admin:\n  port: 0\n  tokens:\n    - {name: ops, hash: "
            + ApiKeys.hash(ADMIN_TOKEN)
            + "}\n";
    try (TestRedis.Shared redis = redis();
        Gateway first =
            start(dir, "first", config(store, redis.yaml(), admin, echo("echo")), POLL);
        Gateway second =
            start(dir, "second", config(store, redis.yaml(), "", echo("echo")), POLL)) {
      String secondChat = "http://127.0.0.1:" + second.port() + "/v1/chat/completions";
      String adminUrl = "http://127.0.0.1:" + first.adminPort() + "/admin/v1/keys";
      HttpProbe.Result made =
          HttpProbe.send("POST", adminUrl, ADMIN_TOKEN, "{\"name\":\"nudged\"}");
      assertThat(made.status()).as(made.body()).isEqualTo(201);
      JsonNode key = made.json();
      String secret = key.path("key").asText();

      Duration took =
          within(
              WELL_BEFORE_THE_POLL,
              () -> HttpProbe.post(secondChat, secret, CHAT).status() == 200,
              "the new key to work on the second instance");
      System.out.println(
          "a new key worked on the second instance after " + took.toMillis() + " ms");

      HttpProbe.send(
          "POST", adminUrl + "/" + key.path("id").asText() + "/revoke", ADMIN_TOKEN, null);
      within(
          WELL_BEFORE_THE_POLL,
          () -> HttpProbe.post(secondChat, secret, CHAT).status() == 401,
          "the revoked key to be refused on the second instance");
    } finally {
      TestDatabases.deleteTree(dir);
    }
  }

  @Test
  void aConfigurationAppliedOnOneInstanceIsAppliedAtOnceByOthersReadingTheSameFile()
      throws Exception {
    Path dir = Files.createTempDirectory("modelgate-nudge");
    String store = "jdbc:sqlite:" + dir.resolve("shared.db");
    try (TestRedis.Shared redis = redis()) {
      String before = config(store, redis.yaml(), "", echo("echo"));
      Path file = dir.resolve("fleet.yaml");
      Files.writeString(file, before);
      // The first instance checks the file often, the second only every minute (a ConfigMap
      // mounted everywhere is the same content on every instance).
      try (Gateway first = start(file, Duration.ofMillis(100), "first");
          Gateway second = start(file, POLL, "second")) {
        String secondChat = "http://127.0.0.1:" + second.port() + "/v1/chat/completions";
        String added = CHAT.replace("\"echo\"", "\"added\"");
        assertThat(HttpProbe.post(secondChat, TestGateway.KEY, added).status()).isEqualTo(404);

        Files.writeString(file, config(store, redis.yaml(), "", echo("echo", "added")));
        within(
            WELL_BEFORE_THE_POLL,
            () -> HttpProbe.post(secondChat, TestGateway.KEY, added).status() == 200,
            "the second instance to serve the added route");
      }
    } finally {
      TestDatabases.deleteTree(dir);
    }
  }

  private static String echo(String... models) {
    return TestGateway.echoRoutes(models);
  }

  private static Gateway start(Path dir, String name, String yaml, Duration watch)
      throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml);
    return start(file, watch, name);
  }

  /** A gateway on {@code file}, with a data folder (usage spool) of its own. */
  private static Gateway start(Path file, Duration watch, String instance) throws Exception {
    byte[] content = Files.readAllBytes(file);
    return Gateway.start(
        new Gateway.Options(
            ConfigLoader.parse(content, name -> null, file.getParent().resolve(instance + "-data")),
            file,
            content,
            watch,
            name -> null,
            AccessLog.discarding(),
            CallListener.NONE));
  }

  /** Polls until {@code done}, returning how long it took; fails past {@code limit}. */
  private static Duration within(Duration limit, BooleanSupplier done, String what)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + limit.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting " + limit + " for " + what).isLessThan(deadline);
      Thread.sleep(5);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}

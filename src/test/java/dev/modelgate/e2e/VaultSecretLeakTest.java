package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.observe.AccessLog;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestDatabases;
import dev.modelgate.testkit.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/**
 * A full scenario (virtual keys made, upstream credentials set and rotated, a bad request, upstream
 * failures 401 and 500, admin reads), then every log line, the access log, standard output and
 * error, every reply body, the metrics scrape and the bytes of the SQLite files are searched for
 * the secret values: the upstream credentials, the virtual key secrets and the master key.
 */
class VaultSecretLeakTest {
  private static final String OLD_VALUE = "sk-leakcheck-old-a1b2c3d4e5";
  private static final String NEW_VALUE = "sk-leakcheck-new-f6a7b8c9d0";
  private static final String DENIED_VALUE = "sk-leakcheck-denied-1029384756";
  private static final String BROKEN_VALUE = "sk-leakcheck-broken-5647382910";
  private static final String COLLECTOR_TOKEN = "otlp-leakcheck-token-19a8b7c6";

  @Test
  void noSecretAppearsInLogsRepliesMetricsOrTheDatabase() throws Exception {
    Path dir = Files.createTempDirectory("modelgate-leak");
    byte[] keyBytes = new byte[32];
    new SecureRandom().nextBytes(keyBytes);
    String masterKey = Base64.getEncoder().encodeToString(keyBytes);
    Files.writeString(dir.resolve("master.key"), masterKey);

    StringBuffer captured = new StringBuffer();
    Handler logs = capture(captured);
    Logger root = Logger.getLogger("");
    Level rootLevel = root.getLevel();
    root.setLevel(Level.ALL);
    root.addHandler(logs);
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream tee = new PrintStream(console, true, StandardCharsets.UTF_8);
    System.setOut(tee);
    System.setErr(tee);
    ByteArrayOutputStream accessLog = new ByteArrayOutputStream();
    List<String> secrets =
        new ArrayList<>(List.of(OLD_VALUE, NEW_VALUE, DENIED_VALUE, BROKEN_VALUE, COLLECTOR_TOKEN));
    secrets.add(masterKey);
    secrets.add(HexFormat.of().formatHex(keyBytes));
    try (FakeUpstream good = VaultEndToEndTest.acceptingOnly(Set.of("Bearer " + OLD_VALUE));
        FakeUpstream denied =
            FakeUpstream.start().respond(FakeResponse.json(401, VaultEndToEndTest.UNAUTHORIZED));
        FakeUpstream broken =
            FakeUpstream.start()
                .respond(FakeResponse.json(500, "{\"error\":{\"message\":\"internal\"}}"))) {
      String yaml =
          VaultEndToEndTest.config(
                  dir,
                  VaultEndToEndTest.upstream("good", good, "good-cred")
                      + VaultEndToEndTest.upstream("denied", denied, "denied-cred")
                      + VaultEndToEndTest.upstream("broken", broken, "broken-cred"),
                  VaultEndToEndTest.route("m", "good")
                      + VaultEndToEndTest.route("d", "denied")
                      + VaultEndToEndTest.route("b", "broken"))
              // Spans exported to a collector that is not there: the exporter's failures are
              // logged, and its credentials must not be.
              + """
              observability:
                tracing:
                  enabled: true
                  otlp:
                    endpoint: http://127.0.0.1:1
                    protocol: grpc
                    timeout: 1s
                    headers: {authorization: "Bearer %s"}
              """
                  .formatted(COLLECTOR_TOKEN);
      // The credentials must exist before the gateway compiles its configuration: the first
      // start has none, so a gateway without the routes sets them through its admin API.
      String bootstrap = VaultEndToEndTest.config(dir, "    []", "    []");
      try (TestGateway first =
          TestGateway.start(bootstrap, Duration.ofMillis(100), new AccessLog(accessLog))) {
        captured.append(put(first, "good-cred", OLD_VALUE));
        captured.append(put(first, "denied-cred", DENIED_VALUE));
        captured.append(put(first, "broken-cred", BROKEN_VALUE));
      }
      try (TestGateway gateway =
          TestGateway.start(yaml, Duration.ofMillis(100), new AccessLog(accessLog))) {
        String admin = gateway.adminUrl();
        for (String name : List.of("alice", "bob")) {
          HttpProbe.Result key =
              HttpProbe.send(
                  "POST",
                  admin + "/v1/keys",
                  VaultEndToEndTest.ADMIN_TOKEN,
                  "{\"name\":\"" + name + "\"}");
          assertThat(key.status()).as(key.body()).isEqualTo(201);
          secrets.add(key.json().path("key").asText()); // shown once, to the creator
        }
        String virtualKey = secrets.get(secrets.size() - 1);
        // Rotated: the upstream still accepts only the old value, so the grace fallback is used.
        captured.append(put(gateway, "good-cred", NEW_VALUE));
        String chat = gateway.baseUrl() + "/v1/chat/completions";
        List<HttpProbe.Result> replies = new ArrayList<>();
        replies.add(HttpProbe.post(chat, virtualKey, VaultEndToEndTest.CHAT));
        assertThat(replies.get(0).status()).as(replies.get(0).body()).isEqualTo(200);
        replies.add(
            HttpProbe.post(chat, virtualKey, "{\"model\":\"m\",\"messages\":[")); // bad JSON
        replies.add(
            HttpProbe.post(chat, virtualKey, VaultEndToEndTest.CHAT.replace("\"m\"", "\"d\"")));
        replies.add(
            HttpProbe.post(chat, virtualKey, VaultEndToEndTest.CHAT.replace("\"m\"", "\"b\"")));
        replies.add(HttpProbe.post(chat, "sk-wrong-client-key", VaultEndToEndTest.CHAT));
        assertThat(replies.subList(1, 5)).allMatch(r -> r.status() >= 400);
        replies.add(HttpProbe.get(admin + "/v1/credentials", VaultEndToEndTest.ADMIN_TOKEN));
        replies.add(
            HttpProbe.get(admin + "/v1/credentials/good-cred", VaultEndToEndTest.ADMIN_TOKEN));
        replies.add(HttpProbe.get(admin + "/v1/keys", VaultEndToEndTest.ADMIN_TOKEN));
        replies.add(HttpProbe.get(admin + "/v1/audit", VaultEndToEndTest.ADMIN_TOKEN));
        replies.add(HttpProbe.get(gateway.baseUrl() + "/metrics", TestGateway.KEY));
        assertThat(replies.get(5).body()).contains("good-cred");
        assertThat(replies.get(8).body()).contains("credentials.rotate");
        replies.forEach(
            r -> captured.append(r.body()).append('\n').append(r.headers()).append('\n'));
        captured.append(databaseFiles(dir));
      }
      captured.append(databaseFiles(dir));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
      root.removeHandler(logs);
      root.setLevel(rootLevel);
      captured.append(console.toString(StandardCharsets.UTF_8));
      captured.append(accessLog.toString(StandardCharsets.UTF_8));
      TestDatabases.deleteTree(dir);
    }
    assertThat(captured).contains("good-cred"); // the scan saw the scenario
    for (String secret : secrets) {
      assertThat(captured.toString())
          .as("secret of length %d", secret.length())
          .doesNotContain(secret);
    }
  }

  private static String put(TestGateway gateway, String name, String value) {
    HttpProbe.Result put =
        HttpProbe.send(
            "PUT",
            gateway.adminUrl() + "/v1/credentials/" + name,
            VaultEndToEndTest.ADMIN_TOKEN,
            "{\"value\":\"" + value + "\",\"grace\":\"1h\"}");
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    return put.body() + "\n";
  }

  /**
   * Every file of the store (the database, its -wal and -shm) as ISO-8859-1 text, byte for byte.
   */
  private static String databaseFiles(Path dir) throws Exception {
    StringBuilder bytes = new StringBuilder();
    try (var files = Files.list(dir)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().startsWith("modelgate.db")).toList()) {
        bytes.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }
    assertThat(bytes).isNotEmpty();
    return bytes.toString();
  }

  private static Handler capture(StringBuffer into) {
    SimpleFormatter formatter = new SimpleFormatter();
    return new Handler() {
      @Override
      public synchronized void publish(LogRecord record) {
        into.append(formatter.format(record));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }
}

package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestDatabases;
import dev.modelgate.testkit.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * Two gateways sharing one store: a key made on the first one's admin API works on the second
 * within the refresh interval, and its revocation reaches the second the same way. The second
 * listens on IPv6 loopback, so its per-key allowlist sees an IPv6 client.
 */
class SharedStoreEndToEndTest {
  private static final String ADMIN_TOKEN = "mg-admin-token-shared-0123456789";
  private static final String CHAT =
      "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private static String config(String server, String storeUrl, String admin) {
    return server
        + TestGateway.authBlock()
        + """
        store:
          url: %s
          refresh_interval: 100ms
        %s
        """
            .formatted(storeUrl, admin)
        + TestGateway.echoRoutes("echo");
  }

  @Test
  void aSecondGatewaySeesKeysMadeOnTheFirstOnItsNextPoll() throws Exception {
    Path dir = Files.createTempDirectory("modelgate-shared");
    String url = "jdbc:sqlite:" + dir.resolve("shared.db");
    String admin =
        "admin:\n  port: 0\n  tokens:\n    - name: ops\n      hash: " + ApiKeys.hash(ADMIN_TOKEN);
    try (TestGateway first = TestGateway.start(config("", url, admin));
        TestGateway second =
            TestGateway.start(config("server:\n  host: \"::1\"\n  port: 0\n", url, ""))) {
      String secondChat = "http://[::1]:" + second.port() + "/v1/chat/completions";
      JsonNode v6 = create(first, "{\"name\":\"v6\",\"ip_allowlist\":[\"::1/128\"]}");
      JsonNode v4 = create(first, "{\"name\":\"v4\",\"ip_allowlist\":[\"127.0.0.0/8\"]}");
      String v6Key = v6.path("key").asText();

      assertThat(await(() -> HttpProbe.post(secondChat, v6Key, CHAT).status(), s -> s == 200))
          .isEqualTo(200);
      String v4Key = v4.path("key").asText();
      // The poll that brought the first key may have come before the second was made.
      assertThat(await(() -> HttpProbe.post(secondChat, v4Key, CHAT).status(), s -> s != 401))
          .isEqualTo(403);
      HttpProbe.Result wrongFamily = HttpProbe.post(secondChat, v4Key, CHAT);
      assertThat(wrongFamily.json().path("error").path("message").asText())
          .contains("0:0:0:0:0:0:0:1");

      HttpProbe.send(
          "POST",
          first.adminUrl() + "/v1/keys/" + v6.path("id").asText() + "/revoke",
          ADMIN_TOKEN,
          null);
      assertThat(await(() -> HttpProbe.post(secondChat, v6Key, CHAT).status(), s -> s == 401))
          .isEqualTo(401);
    } finally {
      TestDatabases.deleteTree(dir);
    }
  }

  private static JsonNode create(TestGateway gateway, String body) {
    HttpProbe.Result created =
        HttpProbe.send("POST", gateway.adminUrl() + "/v1/keys", ADMIN_TOKEN, body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json();
  }

  /** Polls until {@code done} or five seconds (fifty refresh intervals), returning the last. */
  private static int await(java.util.function.IntSupplier probe, IntPredicate done)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    int last = probe.getAsInt();
    while (!done.test(last) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      last = probe.getAsInt();
    }
    return last;
  }
}

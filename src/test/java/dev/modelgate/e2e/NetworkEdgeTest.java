package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.FakeClock;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * IP allow/deny globally and per route, the client address behind trusted proxies only, and the
 * failed-auth lockout, over real sockets (the test's peer address is 127.0.0.1).
 */
class NetworkEdgeTest {
  private static final String CHAT =
      "{\"model\":\"open\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String SERVER = "server:\n  host: 127.0.0.1\n  port: 0\n";

  private static String config(String edge) {
    return SERVER + edge + TestGateway.authBlock() + TestGateway.echoRoutes("open", "internal");
  }

  private static HttpProbe.Result chat(TestGateway gateway, String key, Map<String, String> h) {
    return HttpProbe.post(gateway.baseUrl() + "/v1/chat/completions", key, CHAT, h);
  }

  @Test
  void aSpoofedForwardedForFromAnUntrustedPeerCannotUnlockTheAllowlist() {
    String yaml = config("  ip: {allow: [203.0.113.0/24]}\n");
    try (TestGateway gateway = TestGateway.start(yaml)) {
      HttpProbe.Result spoofed =
          chat(gateway, TestGateway.KEY, Map.of("X-Forwarded-For", "203.0.113.5"));
      assertThat(spoofed.status()).isEqualTo(403);
      assertThat(spoofed.json().path("error").path("code").asText()).isEqualTo("permission_denied");
      assertThat(spoofed.json().path("error").path("message").asText()).contains("127.0.0.1");
      HttpProbe.Result forwarded =
          chat(gateway, TestGateway.KEY, Map.of("Forwarded", "for=203.0.113.5"));
      assertThat(forwarded.status()).isEqualTo(403);
      // The health endpoint is behind the same gate.
      assertThat(HttpProbe.get(gateway.baseUrl() + "/healthz", null).status()).isEqualTo(403);
    }
  }

  @Test
  void behindATrustedProxyTheForwardedClientIsJudged() throws Exception {
    String yaml =
        config(
            "  trusted_proxies: [127.0.0.1/32]\n"
                + "  ip: {allow: [203.0.113.0/24, \"2001:db8::/32\"], deny: [203.0.113.66]}\n");
    try (TestGateway gateway = TestGateway.start(yaml)) {
      assertThat(
              chat(gateway, TestGateway.KEY, Map.of("X-Forwarded-For", "1.2.3.4, 203.0.113.5"))
                  .status())
          .isEqualTo(200);
      assertThat(
              chat(gateway, TestGateway.KEY, Map.of("Forwarded", "for=\"[2001:db8::7]:9000\""))
                  .status())
          .isEqualTo(200);
      // The right-most untrusted hop is the client, whatever the client wrote to its left.
      assertThat(
              chat(gateway, TestGateway.KEY, Map.of("X-Forwarded-For", "203.0.113.5, 1.2.3.4"))
                  .status())
          .isEqualTo(403);
      assertThat(chat(gateway, TestGateway.KEY, Map.of("X-Forwarded-For", "203.0.113.66")).status())
          .isEqualTo(403);
      // A proxy that adds its own header line instead of appending: the last line counts.
      assertThat(twoForwardedForLines(gateway, "203.0.113.5", "1.2.3.4")).isEqualTo(403);
      assertThat(twoForwardedForLines(gateway, "1.2.3.4", "203.0.113.5")).isEqualTo(200);
      // Without a header the proxy itself is the client, and it is not allowed.
      assertThat(chat(gateway, TestGateway.KEY, Map.of()).status()).isEqualTo(403);
    }
  }

  private static int twoForwardedForLines(TestGateway gateway, String first, String second)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestGateway.KEY)
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", first)
                .header("X-Forwarded-For", second)
                .POST(HttpRequest.BodyPublishers.ofString(CHAT))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void aRouteIpRuleRefusesOnlyThatRouteInTheApisOwnShape() {
    String yaml =
        SERVER
            + TestGateway.authBlock()
            + """
            upstreams: [{name: offline, type: echo}]
            routes:
              - model: open
                targets: [{upstream: offline}]
              - model: internal
                targets: [{upstream: offline}]
                ip: {allow: [10.0.0.0/8]}
            """;
    try (TestGateway gateway = TestGateway.start(yaml)) {
      assertThat(chat(gateway, TestGateway.KEY, Map.of()).status()).isEqualTo(200);
      HttpProbe.Result refused =
          HttpProbe.post(
              gateway.baseUrl() + "/v1/chat/completions",
              TestGateway.KEY,
              CHAT.replace("open", "internal"));
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.json().path("error").path("code").asText()).isEqualTo("permission_denied");
      HttpProbe.Result anthropic =
          HttpProbe.post(
              gateway.baseUrl() + "/v1/messages",
              TestGateway.KEY,
              "{\"model\":\"internal\",\"max_tokens\":5,"
                  + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
      assertThat(anthropic.status()).isEqualTo(403);
      assertThat(anthropic.json().path("type").asText()).isEqualTo("error");
      assertThat(anthropic.json().path("error").path("type").asText())
          .isEqualTo("permission_error");
    }
  }

  @Test
  void repeatedFailedAuthLocksOutOneAddressOnly() {
    FakeClock clock = new FakeClock();
    String yaml =
        config(
            "  trusted_proxies: [127.0.0.1/32]\n"
                + "  auth_lockout: {failures: 3, window: 1m, lockout: 5m}\n");
    Map<String, String> attacker = Map.of("X-Forwarded-For", "198.51.100.9");
    Map<String, String> honest = Map.of("X-Forwarded-For", "198.51.100.10");
    try (TestGateway gateway = TestGateway.start(yaml, clock)) {
      for (int i = 0; i < 3; i++) {
        assertThat(chat(gateway, "mg-wrong-key-000000", attacker).status()).isEqualTo(401);
      }
      HttpProbe.Result locked = chat(gateway, TestGateway.KEY, attacker);
      assertThat(locked.status()).isEqualTo(429);
      assertThat(locked.header("Retry-After")).isEqualTo("300");
      assertThat(locked.json().path("error").path("message").asText())
          .contains("failed authentications");
      assertThat(chat(gateway, TestGateway.KEY, honest).status()).isEqualTo(200);
      HttpProbe.Result anthropic =
          HttpProbe.post(
              gateway.baseUrl() + "/v1/messages",
              TestGateway.KEY,
              "{\"model\":\"open\",\"max_tokens\":5,"
                  + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
              attacker);
      assertThat(anthropic.status()).isEqualTo(429);
      assertThat(anthropic.json().path("error").path("type").asText())
          .isEqualTo("rate_limit_error");
      clock.advance(Duration.ofMinutes(5));
      assertThat(chat(gateway, TestGateway.KEY, attacker).status()).isEqualTo(200);
    }
  }
}

package dev.modelgate.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Short-lived upstream tokens from an OAuth2 token endpoint (client credentials), as Azure Entra ID
 * issues them: fetched once and cached, fetched again before expiry, and after a 401 the call is
 * retried once with a fresh token.
 */
class OAuth2ClientCredentialsTest {
  private static final String CHAT =
      "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String OK =
      "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"d\",\"choices\":[{\"index\":0,"
          + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}";

  @Test
  void tokensAreCachedRefreshedBeforeExpiryAndRetriedOnceAfterA401() throws Exception {
    AtomicInteger issued = new AtomicInteger();
    int[] lifetime = {3600};
    Set<String> revoked = ConcurrentHashMap.newKeySet();
    try (FakeUpstream idp =
            FakeUpstream.start()
                .respond(
                    request -> {
                      String form = request.bodyText();
                      if (!form.contains("grant_type=client_credentials")
                          || !form.contains("client_id=gateway-app")
                          || !form.contains("client_secret=s%26cret")
                          || !form.contains(
                              "scope=https%3A%2F%2Fcognitiveservices.azure.com%2F.default")) {
                        return FakeResponse.json(400, "{\"error\":\"invalid_request\"}");
                      }
                      return FakeResponse.json(
                          200,
                          "{\"token_type\":\"Bearer\",\"expires_in\":"
                              + lifetime[0]
                              + ",\"access_token\":\"tok-"
                              + issued.incrementAndGet()
                              + "\"}");
                    });
        FakeUpstream azure =
            FakeUpstream.start()
                .respond(
                    request ->
                        revoked.contains(request.header("authorization"))
                            ? FakeResponse.json(
                                401,
                                "{\"error\":{\"code\":\"401\",\"message\":\"Access token has expired or is not yet valid.\"}}")
                            : FakeResponse.json(200, OK));
        TestGateway gateway =
            TestGateway.start(
                TestGateway.authBlock()
                    + """
            upstreams:
              - name: azure
                type: openai
                dialect: azure
                base_url: http://127.0.0.1:%d
                api_version: "2024-10-21"
                oauth2:
                  token_url: http://127.0.0.1:%d/tenant/oauth2/v2.0/token
                  client_id: gateway-app
                  client_secret: s&cret
                  scope: https://cognitiveservices.azure.com/.default
            routes:
              - model: gpt
                targets: [{upstream: azure, model: my-deployment}]
            """
                        .formatted(azure.port(), idp.port()))) {
      String url = gateway.baseUrl() + "/v1/chat/completions";

      assertThat(HttpProbe.post(url, TestGateway.KEY, CHAT).status()).isEqualTo(200);
      assertThat(HttpProbe.post(url, TestGateway.KEY, CHAT).status()).isEqualTo(200);
      assertThat(issued.get()).as("one token for two calls").isEqualTo(1);
      assertThat(azure.requests())
          .extracting(r -> r.header("authorization"))
          .containsOnly("Bearer tok-1");
      assertThat(idp.lastRequest().header("content-type"))
          .startsWith("application/x-www-form-urlencoded");

      revoked.add("Bearer tok-1");
      azure.reset();
      HttpProbe.Result afterRevoke = HttpProbe.post(url, TestGateway.KEY, CHAT);
      assertThat(afterRevoke.status()).as(afterRevoke.body()).isEqualTo(200);
      assertThat(azure.requests())
          .extracting(r -> r.header("authorization"))
          .containsExactly("Bearer tok-1", "Bearer tok-2");

      lifetime[0] = 1;
      revoked.add("Bearer tok-2");
      azure.reset();
      assertThat(HttpProbe.post(url, TestGateway.KEY, CHAT).status()).isEqualTo(200);
      Thread.sleep(1100);
      assertThat(HttpProbe.post(url, TestGateway.KEY, CHAT).status()).isEqualTo(200);
      assertThat(azure.requests())
          .extracting(r -> r.header("authorization"))
          .as("tok-3 expired, so tok-4 was fetched before the next call")
          .isEqualTo(List.of("Bearer tok-2", "Bearer tok-3", "Bearer tok-4"));
    }
  }
}

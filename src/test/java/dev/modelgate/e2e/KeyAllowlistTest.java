package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A key sees and uses only its allowed models; the others do not exist for it. */
class KeyAllowlistTest {
  private static final String LIMITED = "mg-limited-key-abcdef";

  @Test
  void modelsOutsideTheAllowlistAreHiddenAndRefused() {
    String yaml =
        """
        auth:
          keys:
            - name: limited
              hash: %s
              models: ["echo-*"]
            - name: everything
              hash: %s
        upstreams:
          - name: offline
            type: echo
        routes:
          - model: echo-small
            targets: [{upstream: offline}]
          - model: echo-large
            targets: [{upstream: offline}]
          - model: secret
            targets: [{upstream: offline}]
        """
            .formatted(ApiKeys.hash(LIMITED), ApiKeys.hash(TestGateway.KEY));
    try (TestGateway gateway = TestGateway.start(yaml)) {
      assertThat(ids(HttpProbe.get(gateway.baseUrl() + "/v1/models", LIMITED).json()))
          .containsExactly("echo-small", "echo-large");
      assertThat(ids(HttpProbe.get(gateway.baseUrl() + "/v1/models", TestGateway.KEY).json()))
          .containsExactly("echo-small", "echo-large", "secret");
      assertThat(HttpProbe.get(gateway.baseUrl() + "/v1/models/secret", LIMITED).status())
          .isEqualTo(404);
      String body = "{\"model\":\"secret\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
      HttpProbe.Result refused =
          HttpProbe.post(gateway.baseUrl() + "/v1/chat/completions", LIMITED, body);
      assertThat(refused.status()).isEqualTo(404);
      assertThat(refused.json().path("error").path("code").asText()).isEqualTo("model_not_found");
      HttpProbe.Result viaApiKeyHeader =
          HttpProbe.post(
              gateway.baseUrl() + "/v1/chat/completions",
              null,
              body.replace("secret", "echo-small"),
              Map.of("api-key", LIMITED));
      assertThat(viaApiKeyHeader.status()).isEqualTo(200);
      HttpProbe.Result viaXApiKey =
          HttpProbe.post(
              gateway.baseUrl() + "/v1/chat/completions",
              null,
              body,
              Map.of("x-api-key", TestGateway.KEY));
      assertThat(viaXApiKey.status()).isEqualTo(200);
    }
  }

  private static List<String> ids(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.path("data").forEach(m -> ids.add(m.path("id").asText()));
    return ids;
  }
}

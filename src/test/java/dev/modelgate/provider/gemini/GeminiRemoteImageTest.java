package dev.modelgate.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gemini reads only its own file URIs: an image given by URL is fetched by the gateway and inlined.
 */
class GeminiRemoteImageTest {
  @Test
  void imageUrlsAreFetchedAndInlined() {
    byte[] png = "\u0089PNG-fake-image-bytes".getBytes(StandardCharsets.ISO_8859_1);
    try (FakeUpstream upstream =
            FakeUpstream.start()
                .respond(
                    request -> {
                      if (request.path().startsWith("/img/")) {
                        return request.path().endsWith("missing.png")
                            ? FakeResponse.json(404, "{}")
                            : new FakeResponse(
                                200,
                                Map.of("Content-Type", "image/png"),
                                List.of(png),
                                false,
                                java.time.Duration.ZERO,
                                java.time.Duration.ZERO,
                                -1,
                                -1);
                      }
                      return FakeResponse.json(
                          200,
                          "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"A cat.\"}]},"
                              + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":2,\"totalTokenCount\":7}}");
                    });
        TestGateway gateway =
            TestGateway.start(
                TestGateway.authBlock()
                    + """
            upstreams:
              - name: gemini
                type: gemini
                base_url: http://127.0.0.1:%d/v1beta
                api_key: k
            routes:
              - model: g
                targets: [{upstream: gemini, model: gemini-2.5-flash}]
            """
                        .formatted(upstream.port()))) {
      String body =
          "{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What?\"},"
              + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"http://127.0.0.1:"
              + upstream.port()
              + "/img/cat.png\"}}]}]}";
      HttpProbe.Result result =
          HttpProbe.post(gateway.baseUrl() + "/v1/chat/completions", TestGateway.KEY, body);
      assertThat(result.status()).as(result.body()).isEqualTo(200);
      String sent = upstream.lastRequest().bodyText();
      assertThat(sent)
          .contains(
              "\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\""
                  + Base64.getEncoder().encodeToString(png)
                  + "\"}");

      HttpProbe.Result missing =
          HttpProbe.post(
              gateway.baseUrl() + "/v1/chat/completions",
              TestGateway.KEY,
              body.replace("cat.png", "missing.png"));
      assertThat(missing.status()).isEqualTo(400);
      assertThat(missing.json().path("error").path("message").asText())
          .contains("could not be fetched");
    }
  }
}

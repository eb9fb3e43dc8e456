package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The front door speaks HTTP/2 (clear-text upgrade) as well as HTTP/1.1, streaming included. */
class FrontDoorProtocolsTest {
  @Test
  void http2ClientsAreServedOverHttp2() throws Exception {
    try (TestGateway gateway =
        TestGateway.start(
            TestGateway.authBlock()
                + """
            upstreams:
              - name: offline
                type: echo
            routes:
              - model: echo
                targets: [{upstream: offline}]
            """)) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
      String body =
          "{\"model\":\"echo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"over h2\"}]}";
      HttpRequest warmUp =
          HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/healthz")).build();
      client.send(warmUp, HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                  .header("Authorization", "Bearer " + TestGateway.KEY)
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"over\"").contains("data: [DONE]");
    }
  }
}

package dev.modelgate.provider.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A service that is called by GET with the prompt in the query string and streams NDJSON lines that
 * each carry the whole text so far (cumulative), with counts on the last line.
 */
class TemplateNdjsonStreamTest {
  private static final String YAML =
      """
      upstreams:
        - name: cumulative
          type: template
          base_url: http://127.0.0.1:%d
          request:
            method: GET
            path: /complete
            query: {q: "{{last_user_message}}", limit: "{{max_tokens}}", mode: "{{stream}}"}
          response:
            text: /text
          stream:
            format: ndjson
            text: /text
            cumulative: true
            finish_reason: /reason
            prompt_tokens: /usage/in
            completion_tokens: /usage/out
          finish_reasons: {budget: length}
      routes:
        - model: cumulative
          targets: [{upstream: cumulative, model: m}]
      """;

  @Test
  void cumulativeLinesBecomeDeltasAndTheLastLineGivesReasonAndCounts() {
    List<byte[]> lines =
        List.of(
            line("{\"text\":\"Hel\"}"),
            line("{\"text\":\"Hello\"}"),
            line("{\"text\":\"Hello, wor\"}"),
            line(
                "{\"text\":\"Hello, world\",\"reason\":\"budget\",\"usage\":{\"in\":3,\"out\":4}}"));
    try (FakeUpstream service =
            FakeUpstream.start().respond(FakeResponse.raw(200, "application/x-ndjson", lines));
        TestGateway gateway =
            TestGateway.start(TestGateway.authBlock() + YAML.formatted(service.port()))) {
      HttpProbe.Result result =
          HttpProbe.post(
              gateway.baseUrl() + "/v1/chat/completions",
              TestGateway.KEY,
              "{\"model\":\"cumulative\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                  + "\"messages\":[{\"role\":\"system\",\"content\":\"x\"},{\"role\":\"user\",\"content\":\"say hi\"}]}");
      assertThat(result.status()).isEqualTo(200);
      List<String> deltas = new ArrayList<>();
      String finish = null;
      JsonNode usage = null;
      for (String event : result.events()) {
        if (event.equals("[DONE]")) {
          continue;
        }
        JsonNode chunk = dev.modelgate.testing.JsonTrees.tree(event);
        for (JsonNode choice : chunk.path("choices")) {
          if (choice.path("delta").has("content")) {
            deltas.add(choice.path("delta").path("content").asText());
          }
          if (!choice.path("finish_reason").isNull()) {
            finish = choice.path("finish_reason").asText();
          }
        }
        if (chunk.hasNonNull("usage")) {
          usage = chunk.path("usage");
        }
      }
      assertThat(deltas).containsExactly("Hel", "lo", ", wor", "ld");
      assertThat(finish).isEqualTo("length");
      assertThat(usage).isNotNull();
      assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(3);
      assertThat(usage.path("completion_tokens").asInt()).isEqualTo(4);
      FakeUpstream.RecordedRequest request = service.lastRequest();
      assertThat(request.method()).isEqualTo("GET");
      assertThat(request.path()).isEqualTo("/complete?q=say%20hi&mode=true");
    }
  }

  private static byte[] line(String json) {
    return (json + "\n").getBytes(StandardCharsets.UTF_8);
  }
}

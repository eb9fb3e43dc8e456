package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The request shapes Dify's "OpenAI-API-compatible" model provider sends (credential validation,
 * blocking and streaming chat with usage, tool calls, embeddings), and the parsing it does on the
 * answers: the endpoint URL is joined with {@code chat/completions}, streams are split on blank
 * lines, comment lines skipped, {@code data:} stripped, {@code [DONE]} skipped, every other event
 * parsed as JSON with {@code choices[0]} read and {@code usage} taken from whichever chunk has it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DifyCompatibilityTest {
  private FakeUpstream upstream;
  private TestGateway gateway;

  @BeforeAll
  void start() {
    upstream = FakeUpstream.start().respond(OpenAiUpstreamScript::answer);
    gateway = TestGateway.start(OpenAiSdkEndToEndTest.config(upstream.baseUrl(), ""));
  }

  @AfterAll
  void stop() {
    gateway.close();
    upstream.close();
  }

  /**
   * Dify's urljoin of the configured endpoint URL (with or without /v1, with or without a slash).
   */
  private String url(String endpoint, String path) {
    String base = endpoint.endsWith("/") ? endpoint : endpoint + "/";
    return base + path;
  }

  @Test
  void credentialValidationPingSucceedsWithEveryEndpointUrlForm() {
    for (String endpoint :
        List.of(gateway.baseUrl() + "/v1", gateway.baseUrl() + "/v1/", gateway.baseUrl())) {
      for (String model : List.of("gpt-test", "echo")) {
        HttpProbe.Result result =
            HttpProbe.post(
                url(endpoint, "chat/completions"),
                TestGateway.KEY,
                "{\"model\":\""
                    + model
                    + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}");
        assertThat(result.status()).as(endpoint + " " + model).isEqualTo(200);
        assertThat(result.json().path("object").asText()).isEqualTo("chat.completion");
      }
    }
  }

  @Test
  void blockingChatHasWhatDifyReads() {
    HttpProbe.Result result =
        HttpProbe.post(
            url(gateway.baseUrl() + "/v1", "chat/completions"),
            TestGateway.KEY,
            "{\"model\":\"gpt-test\",\"stream\":false,\"temperature\":0.7,\"top_p\":1,\"max_tokens\":512,"
                + "\"messages\":[{\"role\":\"system\",\"content\":\"You are helpful.\"},{\"role\":\"user\",\"content\":\"hello dify\"}],"
                + "\"user\":\"dify-user-1\"}");
    JsonNode json = result.json();
    assertThat(json.path("id").asText()).isNotEmpty();
    assertThat(json.path("choices").get(0).path("message").path("content").asText())
        .isEqualTo("echo: hello dify");
    assertThat(json.path("usage").path("prompt_tokens").isIntegralNumber()).isTrue();
    assertThat(json.path("usage").path("completion_tokens").isIntegralNumber()).isTrue();
    assertThat(upstream.lastRequest().bodyText()).contains("\"user\":\"dify-user-1\"");
  }

  @Test
  void streamingChatParsesTheWayDifyParsesIt() {
    for (String model : List.of("gpt-test", "echo")) {
      HttpProbe.Result result =
          HttpProbe.post(
              url(gateway.baseUrl() + "/v1", "chat/completions"),
              TestGateway.KEY,
              "{\"model\":\""
                  + model
                  + "\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                  + "\"messages\":[{\"role\":\"user\",\"content\":\"stream for dify\"}]}");
      assertThat(result.status()).isEqualTo(200);
      StringBuilder text = new StringBuilder();
      JsonNode usage = null;
      for (JsonNode chunk : difyChunks(result.body())) {
        if (chunk.hasNonNull("usage")) {
          usage = chunk.path("usage");
        }
        if (chunk.path("choices").isEmpty()) {
          continue;
        }
        text.append(chunk.path("choices").get(0).path("delta").path("content").asText(""));
      }
      assertThat(text.toString()).as(model).endsWith("stream for dify");
      assertThat(usage).as("usage reaches Dify for " + model).isNotNull();
      assertThat(usage.path("prompt_tokens").asLong()).isPositive();
    }
  }

  @Test
  void streamedToolCallsAsDifyRequestsThem() {
    HttpProbe.Result result =
        HttpProbe.post(
            url(gateway.baseUrl() + "/v1", "chat/completions"),
            TestGateway.KEY,
            "{\"model\":\"gpt-test\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"tool_choice\":\"auto\","
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Weather\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"tool\"}]}");
    List<JsonNode> calls = new ArrayList<>();
    String finish = null;
    for (JsonNode chunk : difyChunks(result.body())) {
      if (chunk.path("choices").isEmpty()) {
        continue;
      }
      JsonNode choice = chunk.path("choices").get(0);
      choice.path("delta").path("tool_calls").forEach(calls::add);
      if (choice.hasNonNull("finish_reason")) {
        finish = choice.path("finish_reason").asText();
      }
    }
    assertThat(calls).isNotEmpty();
    assertThat(calls.getFirst().path("id").asText()).isEqualTo("call_a");
    assertThat(calls.getFirst().path("function").path("name").asText()).isEqualTo("get_weather");
    assertThat(finish).isEqualTo("tool_calls");
  }

  @Test
  void aToolResultTurnReachesTheUpstreamIntact() {
    String body =
        "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"},"
            + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_a\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_a\",\"content\":\"sunny\",\"name\":\"get_weather\"},"
            + "{\"role\":\"user\",\"content\":\"thanks\"}]}";
    HttpProbe.Result result =
        HttpProbe.post(url(gateway.baseUrl() + "/v1", "chat/completions"), TestGateway.KEY, body);
    assertThat(result.status()).isEqualTo(200);
    JsonNode sent = parse(upstream.lastRequest().bodyText());
    assertThat(sent.path("messages").get(2).path("tool_call_id").asText()).isEqualTo("call_a");
    assertThat(
            sent.path("messages")
                .get(1)
                .path("tool_calls")
                .get(0)
                .path("function")
                .path("arguments")
                .asText())
        .isEqualTo("{\"city\":\"Paris\"}");
  }

  @Test
  void embeddingsAsDifyRequestsThem() {
    HttpProbe.Result validation =
        HttpProbe.post(
            url(gateway.baseUrl() + "/v1", "embeddings"),
            TestGateway.KEY,
            "{\"input\":\"ping\",\"model\":\"gpt-test\",\"encoding_format\":\"float\"}");
    assertThat(validation.status()).isEqualTo(200);
    HttpProbe.Result batch =
        HttpProbe.post(
            url(gateway.baseUrl() + "/v1", "embeddings"),
            TestGateway.KEY,
            "{\"input\":[\"first\",\"second\",\"third\"],\"model\":\"gpt-test\",\"encoding_format\":\"float\"}");
    JsonNode json = batch.json();
    assertThat(json.path("data")).hasSize(3);
    json.path("data").forEach(d -> assertThat(d.path("embedding").isArray()).isTrue());
    assertThat(json.path("usage").path("total_tokens").asLong()).isEqualTo(3);
  }

  /**
   * Dify's stream parsing: split on blank lines, skip comments, strip "data:", skip [DONE], parse.
   */
  private static List<JsonNode> difyChunks(String body) {
    List<JsonNode> chunks = new ArrayList<>();
    for (String raw : body.split("\n\n")) {
      String chunk = raw.strip();
      if (chunk.isEmpty() || chunk.startsWith(":")) {
        continue;
      }
      String decoded = (chunk.startsWith("data:") ? chunk.substring(5) : chunk).stripLeading();
      if (decoded.equals("[DONE]")) {
        continue;
      }
      chunks.add(parse(decoded));
    }
    return chunks;
  }

  private static JsonNode parse(String json) {
    try {
      return Json.parse(json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("Dify would stop at a chunk that is not JSON: " + json, e);
    }
  }
}

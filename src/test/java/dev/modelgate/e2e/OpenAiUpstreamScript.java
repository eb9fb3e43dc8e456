package dev.modelgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * An OpenAI-compatible upstream for end-to-end tests: answers by what the last user message asks
 * for ("ratelimit", "boom", "reject", "slow", "tool", "cut"), otherwise echoes it, in OpenAI's wire
 * format.
 */
final class OpenAiUpstreamScript {
  private OpenAiUpstreamScript() {}

  static FakeResponse answer(FakeUpstream.RecordedRequest request) {
    JsonNode body;
    try {
      body = Json.parse(request.body());
    } catch (IOException e) {
      return FakeResponse.json(
          400, "{\"error\":{\"message\":\"bad json\",\"type\":\"invalid_request_error\"}}");
    }
    String model = body.path("model").asText();
    if (request.path().endsWith("/embeddings")) {
      return embeddings(body, model);
    }
    if (request.path().endsWith("/completions") && !request.path().endsWith("/chat/completions")) {
      return FakeResponse.json(
          200,
          "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\""
              + model
              + "\",\"choices\":[{\"text\":\"done: "
              + body.path("prompt").asText()
              + "\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"stop\"}],"
              + "\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":2,\"total_tokens\":4}}");
    }
    JsonNode messages = body.path("messages");
    String text = messages.get(messages.size() - 1).path("content").asText();
    boolean stream = body.path("stream").asBoolean(false);
    return switch (text) {
      case "ratelimit" ->
          FakeResponse.json(
                  429, error("Rate limit reached for requests", "requests", "rate_limit_exceeded"))
              .withHeader("Retry-After", "2");
      case "boom" -> FakeResponse.json(500, error("The server had an error", "server_error", null));
      case "reject" ->
          FakeResponse.json(
              400,
              error("Invalid value for 'temperature'", "invalid_request_error", "invalid_value"));
      case "slow" ->
          FakeResponse.json(200, completion(model, "late"))
              .withFirstByteDelay(Duration.ofSeconds(3));
      case "tool" -> stream ? toolStream(model) : FakeResponse.json(200, completion(model, "no"));
      case "long" -> longStream(model);
      default ->
          stream
              ? textStream(model, text)
              : FakeResponse.json(200, completion(model, "echo: " + text));
    };
  }

  private static String error(String message, String type, String code) {
    return "{\"error\":{\"message\":\""
        + message
        + "\",\"type\":\""
        + type
        + "\",\"param\":null,\"code\":"
        + (code == null ? "null" : "\"" + code + "\"")
        + "}}";
  }

  static String completion(String model, String content) {
    return "{\"id\":\"chatcmpl-e2e\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\""
        + model
        + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
        + Json.MAPPER.getNodeFactory().textNode(content)
        + ",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":4,\"total_tokens\":11},\"system_fingerprint\":\"fp_e2e\"}";
  }

  /** One chunk carrying {@code text} as its content delta. */
  static String chunkJson(String model, String text) {
    return chunk(
        model, "{\"content\":" + Json.MAPPER.getNodeFactory().textNode(text) + "}", "null");
  }

  private static String chunk(String model, String delta, String finish) {
    return "{\"id\":\"chatcmpl-e2e\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
        + model
        + "\",\"choices\":[{\"index\":0,\"delta\":"
        + delta
        + ",\"logprobs\":null,\"finish_reason\":"
        + finish
        + "}]}";
  }

  private static String usageChunk(String model) {
    return "{\"id\":\"chatcmpl-e2e\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
        + model
        + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}";
  }

  private static FakeResponse textStream(String model, String text) {
    List<String> events = new ArrayList<>();
    events.add(chunk(model, "{\"role\":\"assistant\",\"content\":\"\"}", "null"));
    for (String word : ("echo: " + text).split("(?<= )")) {
      events.add(
          chunk(
              model, "{\"content\":" + Json.MAPPER.getNodeFactory().textNode(word) + "}", "null"));
    }
    events.add(chunk(model, "{}", "\"stop\""));
    events.add(usageChunk(model));
    events.add("[DONE]");
    return FakeResponse.sse(events);
  }

  private static FakeResponse longStream(String model) {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      events.add(chunk(model, "{\"content\":\"w" + i + " \"}", "null"));
    }
    events.add("[DONE]");
    return FakeResponse.sse(events).withGap(Duration.ofMillis(50));
  }

  private static FakeResponse toolStream(String model) {
    List<String> events =
        List.of(
            chunk(
                model,
                "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}",
                "null"),
            chunk(
                model,
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}",
                "null"),
            chunk(
                model,
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}",
                "null"),
            chunk(
                model,
                "{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}]}",
                "null"),
            chunk(model, "{}", "\"tool_calls\""),
            usageChunk(model),
            "[DONE]");
    return FakeResponse.sse(events);
  }

  private static FakeResponse embeddings(JsonNode body, String model) {
    boolean base64 = "base64".equals(body.path("encoding_format").asText());
    StringBuilder data = new StringBuilder();
    JsonNode input = body.path("input");
    int n = input.isArray() ? input.size() : 1;
    for (int i = 0; i < n; i++) {
      float[] vector = {i + 0.5f, -0.25f, 0.125f};
      String encoded;
      if (base64) {
        ByteBuffer buffer = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : vector) {
          buffer.putFloat(f);
        }
        encoded = "\"" + Base64.getEncoder().encodeToString(buffer.array()) + "\"";
      } else {
        encoded = "[" + vector[0] + "," + vector[1] + "," + vector[2] + "]";
      }
      data.append(i == 0 ? "" : ",")
          .append("{\"object\":\"embedding\",\"index\":")
          .append(i)
          .append(",\"embedding\":")
          .append(encoded)
          .append("}");
    }
    return FakeResponse.json(
        200,
        "{\"object\":\"list\",\"data\":["
            + data
            + "],\"model\":\""
            + model
            + "\",\"usage\":{\"prompt_tokens\":"
            + n
            + ",\"total_tokens\":"
            + n
            + "}}");
  }
}

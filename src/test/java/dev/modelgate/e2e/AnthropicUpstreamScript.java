package dev.modelgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Claude upstream for end-to-end tests, in Anthropic's wire format: asked about the weather it
 * calls {@code get_weather}; given the tool's result it answers with it; otherwise it echoes the
 * last text.
 */
final class AnthropicUpstreamScript {
  private AnthropicUpstreamScript() {}

  static FakeResponse answer(FakeUpstream.RecordedRequest request) {
    JsonNode body;
    try {
      body = Json.parse(request.body());
    } catch (IOException e) {
      return FakeResponse.json(
          400,
          "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"bad json\"}}");
    }
    if (request.path().endsWith("/count_tokens")) {
      return FakeResponse.json(200, "{\"input_tokens\":42}");
    }
    String model = body.path("model").asText();
    boolean stream = body.path("stream").asBoolean(false);
    JsonNode last = body.path("messages").get(body.path("messages").size() - 1);
    String toolResult = null;
    String text = last.path("content").isTextual() ? last.path("content").asText() : "";
    for (JsonNode block : last.path("content")) {
      if ("tool_result".equals(block.path("type").asText())) {
        toolResult =
            block.path("content").isTextual()
                ? block.path("content").asText()
                : block.path("content").toString();
      } else if ("text".equals(block.path("type").asText())) {
        text = block.path("text").asText();
      }
    }
    if (toolResult != null) {
      return reply(model, stream, "It is " + toolResult + " in Paris.", false);
    }
    if (text.contains("weather")) {
      return reply(model, stream, "Let me check.", true);
    }
    return reply(model, stream, "Claude says: " + text, false);
  }

  private static FakeResponse reply(String model, boolean stream, String text, boolean tool) {
    String quoted = Json.MAPPER.getNodeFactory().textNode(text).toString();
    if (!stream) {
      String content =
          "[{\"type\":\"text\",\"text\":"
              + quoted
              + "}"
              + (tool
                  ? ",{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}"
                  : "")
              + "]";
      return FakeResponse.json(
          200,
          "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\""
              + model
              + "\",\"content\":"
              + content
              + ",\"stop_reason\":\""
              + (tool ? "tool_use" : "end_turn")
              + "\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":30,\"output_tokens\":9,\"cache_read_input_tokens\":0,\"cache_creation_input_tokens\":0}}");
    }
    List<byte[]> events = new ArrayList<>();
    events.add(
        event(
            "message_start",
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\""
                + model
                + "\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":30,\"output_tokens\":1}}}"));
    events.add(
        event(
            "content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
    events.add(event("ping", "{\"type\":\"ping\"}"));
    for (String word : text.split("(?<= )")) {
      events.add(
          event(
              "content_block_delta",
              "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
                  + Json.MAPPER.getNodeFactory().textNode(word)
                  + "}}"));
    }
    events.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
    if (tool) {
      events.add(
          event(
              "content_block_start",
              "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"get_weather\",\"input\":{}}}"));
      events.add(
          event(
              "content_block_delta",
              "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \"}}"));
      events.add(
          event(
              "content_block_delta",
              "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Paris\\\"}\"}}"));
      events.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"));
    }
    events.add(
        event(
            "message_delta",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
                + (tool ? "tool_use" : "end_turn")
                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":9}}"));
    events.add(event("message_stop", "{\"type\":\"message_stop\"}"));
    return FakeResponse.raw(200, "text/event-stream", events);
  }

  private static byte[] event(String name, String data) {
    return ("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
  }
}

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
 * A DashScope-native upstream for end-to-end tests: asked about the weather it streams a {@code
 * get_weather} call in fragments (DashScope style: empty ids after the first); otherwise it answers
 * {@code Qwen says: <text>}.
 */
final class DashScopeUpstreamScript {
  private DashScopeUpstreamScript() {}

  static FakeResponse answer(FakeUpstream.RecordedRequest request) {
    JsonNode body;
    try {
      body = Json.parse(request.body());
    } catch (IOException e) {
      return FakeResponse.json(400, "{\"code\":\"InvalidParameter\",\"message\":\"bad json\"}");
    }
    JsonNode messages = body.path("input").path("messages");
    String text = messages.get(messages.size() - 1).path("content").asText();
    boolean stream = "enable".equals(request.header("x-dashscope-sse"));
    String usage =
        "\"usage\":{\"input_tokens\":12,\"output_tokens\":6,\"total_tokens\":18},\"request_id\":\"req-qwen\"";
    if (!stream) {
      return FakeResponse.json(
          200,
          "{\"output\":{\"choices\":[{\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
              + "\"content\":"
              + Json.MAPPER.getNodeFactory().textNode("Qwen says: " + text)
              + "}}]},"
              + usage
              + "}");
    }
    List<String> events = new ArrayList<>();
    if (text.contains("weather")) {
      events.add(
          "{\"output\":{\"choices\":[{\"message\":{\"content\":\"\",\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_q1\","
              + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\": \\\"\"}}]},\"finish_reason\":\"null\"}]},"
              + usage
              + "}");
      events.add(
          "{\"output\":{\"choices\":[{\"message\":{\"content\":\"\",\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"\","
              + "\"type\":\"function\",\"function\":{\"arguments\":\"Hangzhou\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}]},"
              + usage
              + "}");
    } else {
      events.add(
          "{\"output\":{\"choices\":[{\"message\":{\"content\":\"Qwen says: \",\"role\":\"assistant\"},\"finish_reason\":\"null\"}]},"
              + usage
              + "}");
      events.add(
          "{\"output\":{\"choices\":[{\"message\":{\"content\":"
              + Json.MAPPER.getNodeFactory().textNode(text)
              + ",\"role\":\"assistant\"},\"finish_reason\":\"stop\"}]},"
              + usage
              + "}");
    }
    List<byte[]> parts = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      parts.add(
          ("id:" + (i + 1) + "\nevent:result\n:HTTP_STATUS/200\ndata:" + events.get(i) + "\n\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    return FakeResponse.raw(200, "text/event-stream", parts);
  }
}

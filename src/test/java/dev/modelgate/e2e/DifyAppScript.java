package dev.modelgate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Dify server for end-to-end tests, in Dify's wire format: chat apps answer {@code turn N:
 * <query>} counting the turns of their conversation (so continuity shows), blocking or as an event
 * stream with pings, node events and {@code message_end}; the agent app refuses blocking mode as
 * Dify does; the workflow app echoes its {@code query} input as the {@code text} output.
 */
final class DifyAppScript {
  final Map<String, Integer> turns = new ConcurrentHashMap<>();

  FakeResponse answer(FakeUpstream.RecordedRequest request) {
    JsonNode body = parse(request.body());
    boolean streaming = "streaming".equals(body.path("response_mode").asText());
    String key = request.header("authorization");
    if (request.path().endsWith("/workflows/run")) {
      return workflow(body, streaming);
    }
    if ("Bearer app-agent".equals(key) && !streaming) {
      return FakeResponse.json(
          400,
          "{\"code\":\"invalid_param\",\"message\":\"Agent Chat App does not support blocking mode\",\"status\":400}");
    }
    String conversation = body.path("conversation_id").asText("");
    if (!conversation.isEmpty() && !turns.containsKey(conversation)) {
      return FakeResponse.json(
          404, "{\"code\":\"not_found\",\"message\":\"Conversation Not Exists.\",\"status\":404}");
    }
    if (conversation.isEmpty()) {
      conversation = "conv-" + (turns.size() + 1);
    }
    int turn = turns.merge(conversation, 1, Integer::sum);
    String answer = "turn " + turn + ": " + body.path("query").asText();
    String event = "Bearer app-agent".equals(key) ? "agent_message" : "message";
    return streaming ? chatStream(event, conversation, answer) : chatBlocking(conversation, answer);
  }

  private static FakeResponse chatBlocking(String conversation, String answer) {
    ObjectNode body =
        Json.object()
            .put("event", "message")
            .put("task_id", "t-1")
            .put("id", "m-1")
            .put("message_id", "m-1")
            .put("conversation_id", conversation)
            .put("mode", "chat")
            .put("answer", answer)
            .put("created_at", 1705395332);
    body.putObject("metadata")
        .putObject("usage")
        .put("prompt_tokens", 1033)
        .put("completion_tokens", 12)
        .put("total_tokens", 1045)
        .put("currency", "USD");
    return FakeResponse.json(200, body.toString());
  }

  private static FakeResponse chatStream(String event, String conversation, String answer) {
    List<String> events = new ArrayList<>();
    events.add(
        "{\"event\":\"workflow_started\",\"task_id\":\"t-1\",\"conversation_id\":\""
            + conversation
            + "\",\"data\":{}}");
    events.add("{\"event\":\"ping\"}");
    int half = answer.length() / 2;
    for (String part : new String[] {answer.substring(0, half), answer.substring(half)}) {
      events.add(
          Json.object()
              .put("event", event)
              .put("task_id", "t-1")
              .put("message_id", "m-1")
              .put("conversation_id", conversation)
              .put("answer", part)
              .put("created_at", 1705395332)
              .toString());
    }
    events.add(
        "{\"event\":\"node_finished\",\"task_id\":\"t-1\",\"data\":{\"status\":\"succeeded\"}}");
    events.add(
        "{\"event\":\"message_end\",\"task_id\":\"t-1\",\"message_id\":\"m-1\",\"conversation_id\":\""
            + conversation
            + "\",\"metadata\":{\"usage\":{\"prompt_tokens\":1033,\"completion_tokens\":12,\"total_tokens\":1045}}}");
    return FakeResponse.sse(events);
  }

  private static FakeResponse workflow(JsonNode body, boolean streaming) {
    String text = "summary of " + body.path("inputs").path("query").asText();
    if (!streaming) {
      return FakeResponse.json(
          200,
          "{\"workflow_run_id\":\"wr-1\",\"task_id\":\"t-2\",\"data\":{\"id\":\"wr-1\",\"workflow_id\":\"w-1\",\"status\":\"succeeded\","
              + "\"outputs\":{\"text\":"
              + Json.MAPPER.valueToTree(text)
              + "},\"error\":null,\"elapsed_time\":0.8,\"total_tokens\":321,\"total_steps\":3}}");
    }
    return FakeResponse.sse(
        List.of(
            "{\"event\":\"workflow_started\",\"task_id\":\"t-2\",\"workflow_run_id\":\"wr-1\",\"data\":{\"id\":\"wr-1\"}}",
            "{\"event\":\"text_chunk\",\"task_id\":\"t-2\",\"data\":{\"text\":"
                + Json.MAPPER.valueToTree(text)
                + "}}",
            "{\"event\":\"workflow_finished\",\"task_id\":\"t-2\",\"data\":{\"status\":\"succeeded\",\"outputs\":{\"text\":"
                + Json.MAPPER.valueToTree(text)
                + "},\"total_tokens\":321}}"));
  }

  private static JsonNode parse(byte[] body) {
    try {
      return Json.parse(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

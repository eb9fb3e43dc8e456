package dev.modelgate.provider.dashscope;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.error.UpstreamProtocol;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChunkChoice;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.MessageDelta;
import dev.modelgate.model.Role;
import dev.modelgate.model.StreamItem;
import dev.modelgate.model.ToolCallDelta;
import dev.modelgate.model.Usage;
import dev.modelgate.provider.common.SseEvent;
import dev.modelgate.provider.common.SseEventReader;
import dev.modelgate.upstream.UpstreamResponse;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * DashScope's incremental SSE ({@code event:result}, no [DONE]) as OpenAI-shaped chunks. The event
 * whose finish reason is not the string "null" ends the stream; usage is cumulative in every event,
 * so the last one is sent as the usage chunk. Tool-call fragments lose DashScope's empty ids and
 * repeated types; {@code event:error} fails the stream.
 */
final class DashScopeStreamDecoder implements ChunkStream {
  private final UpstreamResponse response;
  private final SseEventReader reader;
  private final String publicModel;
  private final long created = System.currentTimeMillis() / 1000;
  private final Queue<ChatChunk> pending = new ArrayDeque<>();
  private final Set<Integer> toolsSeen = new HashSet<>();
  private String id = "";
  private boolean first = true;
  private boolean done;

  DashScopeStreamDecoder(UpstreamResponse response, String publicModel) {
    this.response = response;
    this.reader = new SseEventReader(response::read);
    this.publicModel = publicModel;
  }

  @Override
  public @Nullable StreamItem next() {
    while (pending.isEmpty()) {
      if (done) {
        return null;
      }
      SseEvent event = reader.next();
      if (event == null) {
        done = true;
        throw new UpstreamProtocol("Upstream stream ended before a finish reason", null);
      }
      if ("error".equals(event.event())) {
        done = true;
        throw DashScopeErrors.fromStreamError(event.data());
      }
      handle(parse(event.data()));
    }
    return pending.poll();
  }

  private void handle(JsonNode data) {
    id = data.path("request_id").asText(id);
    JsonNode choice = data.path("output").path("choices").path(0);
    JsonNode message = choice.path("message");
    List<ToolCallDelta> calls = new ArrayList<>();
    for (JsonNode call : message.path("tool_calls")) {
      int index = call.path("index").asInt(0);
      boolean firstFragment = toolsSeen.add(index);
      JsonNode function = call.path("function");
      String callId = Json.text(call, "id");
      calls.add(
          new ToolCallDelta(
              index,
              callId == null || callId.isEmpty() ? null : callId,
              firstFragment ? "function" : null,
              firstFragment ? Json.text(function, "name") : null,
              Json.text(function, "arguments")));
    }
    String content = textOf(message.get("content"));
    String reasoning = Json.text(message, "reasoning_content");
    FinishReason finish =
        DashScopeResponses.finishReason(Json.text(choice, "finish_reason"), !toolsSeen.isEmpty());
    boolean hasDelta =
        !content.isEmpty() || (reasoning != null && !reasoning.isEmpty()) || !calls.isEmpty();
    if (hasDelta || first || finish != null) {
      MessageDelta delta =
          new MessageDelta(
              first ? Role.ASSISTANT : null,
              content.isEmpty() && !first ? null : content,
              reasoning == null || reasoning.isEmpty() ? null : reasoning,
              null,
              calls,
              null);
      pending.add(
          new ChatChunk(
              id,
              created,
              publicModel,
              List.of(new ChunkChoice(0, delta, finish, choice.get("logprobs"))),
              null,
              null,
              null));
      first = false;
    }
    if (finish != null) {
      Usage usage = DashScopeResponses.usage(data.path("usage"));
      if (usage != null) {
        pending.add(new ChatChunk(id, created, publicModel, List.of(), usage, null, null));
      }
      done = true;
      response.close();
    }
  }

  private static String textOf(@Nullable JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isArray()) {
      StringBuilder text = new StringBuilder();
      content.forEach(part -> text.append(part.path("text").asText("")));
      return text.toString();
    }
    return content.asText();
  }

  private static JsonNode parse(byte[] data) {
    try {
      return Json.parse(data);
    } catch (IOException e) {
      throw new UpstreamProtocol(
          "Upstream sent an event that does not parse: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    done = true;
    response.close();
  }
}

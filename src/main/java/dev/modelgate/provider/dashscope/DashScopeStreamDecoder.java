package dev.modelgate.provider.dashscope;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChunkChoice;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.MessageDelta;
import dev.modelgate.model.Role;
import dev.modelgate.model.ToolCallDelta;
import dev.modelgate.model.Usage;
import dev.modelgate.provider.common.EventQueueStream;
import dev.modelgate.provider.common.SseEvent;
import dev.modelgate.provider.common.UpstreamJson;
import dev.modelgate.upstream.UpstreamResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * DashScope's incremental SSE ({@code event:result}, no [DONE]) as OpenAI-shaped chunks. The event
 * whose finish reason is not the string "null" ends the stream; usage is cumulative in every event,
 * so the last one is sent as the usage chunk. Tool-call fragments lose DashScope's empty ids and
 * repeated types; {@code event:error} fails the stream.
 */
final class DashScopeStreamDecoder extends EventQueueStream<ChatChunk> {
  private final String publicModel;
  private final long created = System.currentTimeMillis() / 1000;
  private final Set<Integer> toolsSeen = new HashSet<>();
  private String id = "";
  private boolean first = true;

  DashScopeStreamDecoder(UpstreamResponse response, String publicModel) {
    super(response);
    this.publicModel = publicModel;
  }

  @Override
  protected void onEvent(SseEvent event) {
    if ("error".equals(event.event())) {
      throw DashScopeErrors.fromStreamError(event.data());
    }
    handle(UpstreamJson.parse(event.data()));
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
      emit(
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
        emit(new ChatChunk(id, created, publicModel, List.of(), usage, null, null));
      }
      finish();
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
}

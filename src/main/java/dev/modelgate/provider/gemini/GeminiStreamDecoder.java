package dev.modelgate.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.error.ContentFiltered;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChunkChoice;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.MessageDelta;
import dev.modelgate.model.Role;
import dev.modelgate.model.ToolCall;
import dev.modelgate.model.ToolCallDelta;
import dev.modelgate.model.Usage;
import dev.modelgate.provider.common.EventQueueStream;
import dev.modelgate.provider.common.SseEvent;
import dev.modelgate.provider.common.UpstreamJson;
import dev.modelgate.upstream.UpstreamResponse;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Gemini's SSE stream (each event a whole response with new parts) as OpenAI-shaped chunks.
 * Function calls arrive whole, so each becomes one tool-call delta with its complete arguments. The
 * stream ends when the connection closes; one that closes before a finish reason is truncated.
 */
final class GeminiStreamDecoder extends EventQueueStream<ChatChunk> {
  private final String publicModel;
  private final long created = System.currentTimeMillis() / 1000;
  private String id = "gemini";
  private boolean first = true;
  private boolean finished;
  private int calls;
  private @Nullable Usage usage;

  GeminiStreamDecoder(UpstreamResponse response, String publicModel) {
    super(response);
    this.publicModel = publicModel;
  }

  @Override
  protected void onEvent(SseEvent event) {
    handle(UpstreamJson.parse(event.data()));
  }

  /** Gemini ends a stream by closing it: complete if a finish reason came, truncated if not. */
  @Override
  protected void onEnd() {
    if (!finished) {
      super.onEnd();
    }
    if (usage != null) {
      emit(new ChatChunk(id, created, publicModel, List.of(), usage, null, null));
    }
  }

  private void handle(JsonNode data) {
    if (data.path("error").isObject()) {
      throw GeminiErrors.fromStreamError(data.path("error"));
    }
    id = data.path("responseId").asText(id);
    if (data.path("usageMetadata").isObject()) {
      usage = GeminiResponses.usage(data.path("usageMetadata"));
    }
    JsonNode candidate = data.path("candidates").path(0);
    if (candidate.isMissingNode()) {
      if (data.path("promptFeedback").hasNonNull("blockReason")) {
        throw new ContentFiltered(
            "The prompt was blocked: " + data.path("promptFeedback").path("blockReason").asText());
      }
      return;
    }
    GeminiResponses.Parts parts =
        GeminiResponses.Parts.of(candidate.path("content").path("parts"), calls);
    List<ToolCallDelta> deltas = new ArrayList<>();
    for (ToolCall call : parts.calls()) {
      deltas.add(new ToolCallDelta(calls++, call.id(), "function", call.name(), call.arguments()));
    }
    FinishReason finish =
        GeminiResponses.finishReason(Json.text(candidate, "finishReason"), calls > 0);
    finished |= finish != null;
    String text = parts.text().toString();
    String thought = parts.thought().toString();
    MessageDelta delta =
        new MessageDelta(
            first ? Role.ASSISTANT : null,
            text.isEmpty() && !first ? null : text,
            thought.isEmpty() ? null : thought,
            null,
            deltas,
            null);
    first = false;
    emit(
        new ChatChunk(
            id,
            created,
            publicModel,
            List.of(new ChunkChoice(0, delta, finish, null)),
            null,
            null,
            null));
  }
}

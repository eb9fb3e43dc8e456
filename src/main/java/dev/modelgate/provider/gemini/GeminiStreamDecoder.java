package dev.modelgate.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.error.ContentFiltered;
import dev.modelgate.error.UpstreamProtocol;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChunkChoice;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.MessageDelta;
import dev.modelgate.model.Role;
import dev.modelgate.model.StreamItem;
import dev.modelgate.model.ToolCall;
import dev.modelgate.model.ToolCallDelta;
import dev.modelgate.model.Usage;
import dev.modelgate.provider.common.SseEvent;
import dev.modelgate.provider.common.SseEventReader;
import dev.modelgate.upstream.UpstreamResponse;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.jspecify.annotations.Nullable;

/**
 * Gemini's SSE stream (each event a whole response with new parts) as OpenAI-shaped chunks.
 * Function calls arrive whole, so each becomes one tool-call delta with its complete arguments. The
 * stream ends when the connection closes; one that closes before a finish reason is truncated.
 */
final class GeminiStreamDecoder implements ChunkStream {
  private final UpstreamResponse response;
  private final SseEventReader reader;
  private final String publicModel;
  private final long created = System.currentTimeMillis() / 1000;
  private final Queue<ChatChunk> pending = new ArrayDeque<>();
  private String id = "gemini";
  private boolean first = true;
  private boolean finished;
  private int calls;
  private @Nullable Usage usage;
  private boolean done;

  GeminiStreamDecoder(UpstreamResponse response, String publicModel) {
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
        if (!finished) {
          throw new UpstreamProtocol("Upstream stream ended before a finish reason", null);
        }
        if (usage != null) {
          pending.add(new ChatChunk(id, created, publicModel, List.of(), usage, null, null));
        }
        response.close();
        continue;
      }
      handle(parse(event.data()));
    }
    return pending.poll();
  }

  private void handle(JsonNode data) {
    if (data.path("error").isObject()) {
      done = true;
      throw GeminiErrors.fromStreamError(data.path("error"));
    }
    id = data.path("responseId").asText(id);
    if (data.path("usageMetadata").isObject()) {
      usage = GeminiResponses.usage(data.path("usageMetadata"));
    }
    JsonNode candidate = data.path("candidates").path(0);
    if (candidate.isMissingNode()) {
      if (data.path("promptFeedback").hasNonNull("blockReason")) {
        done = true;
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
    pending.add(
        new ChatChunk(
            id,
            created,
            publicModel,
            List.of(new ChunkChoice(0, delta, finish, null)),
            null,
            null,
            null));
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

package dev.modelgate.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.error.UpstreamOverloaded;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChunkChoice;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.MessageDelta;
import dev.modelgate.model.Role;
import dev.modelgate.model.ToolCall;
import dev.modelgate.model.ToolCallDelta;
import dev.modelgate.model.Usage;
import dev.modelgate.provider.common.EventQueueStream;
import dev.modelgate.provider.common.NdjsonReader;
import dev.modelgate.provider.common.SseEvent;
import dev.modelgate.provider.common.UpstreamJson;
import dev.modelgate.upstream.UpstreamResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Ollama's NDJSON chat stream as OpenAI-shaped chunks: content and thinking deltas, each whole tool
 * call as one delta with a synthesised id, and the {@code done:true} line's reason and counts as
 * the finish and usage chunks. An {@code {"error":...}} line fails the stream.
 */
final class OllamaStreamDecoder extends EventQueueStream<ChatChunk> {
  private final String publicModel;
  private final String id = "chatcmpl-ollama-" + Long.toHexString(System.nanoTime());
  private final long created = System.currentTimeMillis() / 1000;
  private boolean first = true;
  private int calls;

  OllamaStreamDecoder(UpstreamResponse response, String publicModel) {
    super(response, new NdjsonReader(response::read));
    this.publicModel = publicModel;
  }

  @Override
  protected void onEvent(SseEvent event) {
    JsonNode line = UpstreamJson.parse(event.data());
    if (line.hasNonNull("error")) {
      throw new UpstreamOverloaded(line.path("error").asText(), 500);
    }
    JsonNode message = line.path("message");
    List<ToolCallDelta> deltas = new ArrayList<>();
    for (ToolCall call : OllamaResponses.calls(message, calls)) {
      deltas.add(new ToolCallDelta(calls++, call.id(), "function", call.name(), call.arguments()));
    }
    String content = message.path("content").asText("");
    String thinking = Json.text(message, "thinking");
    boolean done = line.path("done").asBoolean(false);
    FinishReason finish =
        done
            ? OllamaResponses.finishReason(line.path("done_reason").asText("stop"), calls > 0)
            : null;
    if (first
        || !content.isEmpty()
        || (thinking != null && !thinking.isEmpty())
        || !deltas.isEmpty()
        || finish != null) {
      MessageDelta delta =
          new MessageDelta(
              first ? Role.ASSISTANT : null,
              content.isEmpty() && !first ? null : content,
              thinking == null || thinking.isEmpty() ? null : thinking,
              null,
              deltas,
              null);
      emit(
          new ChatChunk(
              id,
              created,
              publicModel,
              List.of(new ChunkChoice(0, delta, finish, null)),
              null,
              null,
              null));
      first = false;
    }
    if (done) {
      Usage usage = OllamaResponses.usage(line);
      if (usage != null) {
        emit(new ChatChunk(id, created, publicModel, List.of(), usage, null, null));
      }
      finish();
    }
  }
}

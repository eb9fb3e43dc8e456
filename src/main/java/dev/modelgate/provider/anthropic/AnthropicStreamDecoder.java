package dev.modelgate.provider.anthropic;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Anthropic's named SSE events as OpenAI-shaped chunks (docs/wire-formats.md, 3.9): the first chunk
 * carries the role; text and thinking deltas become content and reasoning; each tool_use block gets
 * the next OpenAI tool-call index (0, 1, ...) whatever its block index, its id and name on the
 * first fragment and its {@code input_json_delta}s as argument fragments; {@code message_delta}
 * gives the finish reason and then a usage-only chunk. {@code ping} and unknown events are skipped;
 * an {@code error} event fails the stream; a stream that ends before {@code message_stop} is
 * truncated.
 */
final class AnthropicStreamDecoder extends EventQueueStream<ChatChunk> {
  private final String publicModel;
  private final long created = System.currentTimeMillis() / 1000;
  private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
  private String id = "";
  private @Nullable JsonNode startUsage;

  AnthropicStreamDecoder(UpstreamResponse response, String publicModel) {
    super(response);
    this.publicModel = publicModel;
  }

  @Override
  protected void onEvent(SseEvent event) {
    JsonNode data = UpstreamJson.parse(event.data());
    String type = event.event() != null ? event.event() : data.path("type").asText();
    switch (type) {
      case "message_start" -> {
        JsonNode message = data.path("message");
        id = message.path("id").asText("");
        startUsage = message.path("usage");
        emit(new MessageDelta(Role.ASSISTANT, "", null, null, List.of(), null), null);
      }
      case "content_block_start" -> blockStart(data);
      case "content_block_delta" -> blockDelta(data);
      case "message_delta" -> {
        FinishReason finish =
            AnthropicResponses.finishReason(Json.text(data.path("delta"), "stop_reason"));
        emit(new MessageDelta(null, null, null, null, List.of(), null), finish);
        Usage usage = AnthropicResponses.usage(data.path("usage"), startUsage);
        if (usage != null) {
          emit(new ChatChunk(id, created, publicModel, List.of(), usage, null, null));
        }
      }
      case "message_stop" -> finish();
      case "error" -> throw AnthropicErrors.fromStreamError(data);
      default -> {
        // ping, content_block_stop, and event types added later: nothing to relay
      }
    }
  }

  private void blockStart(JsonNode data) {
    JsonNode block = data.path("content_block");
    if (!"tool_use".equals(block.path("type").asText())) {
      return;
    }
    int index = toolIndexByBlock.size();
    toolIndexByBlock.put(data.path("index").asInt(), index);
    ToolCallDelta call =
        new ToolCallDelta(
            index, block.path("id").asText(), "function", block.path("name").asText(), "");
    emit(new MessageDelta(null, null, null, null, List.of(call), null), null);
  }

  private void blockDelta(JsonNode data) {
    JsonNode delta = data.path("delta");
    switch (delta.path("type").asText()) {
      case "text_delta" -> emit(MessageDelta.text(delta.path("text").asText()), null);
      case "thinking_delta" ->
          emit(
              new MessageDelta(null, null, delta.path("thinking").asText(), null, List.of(), null),
              null);
      case "input_json_delta" -> {
        String fragment = delta.path("partial_json").asText();
        Integer index = toolIndexByBlock.get(data.path("index").asInt());
        if (index != null && !fragment.isEmpty()) {
          emit(
              new MessageDelta(
                  null,
                  null,
                  null,
                  null,
                  List.of(new ToolCallDelta(index, null, null, null, fragment)),
                  null),
              null);
        }
      }
      default -> {
        // signature and citation deltas have no OpenAI counterpart
      }
    }
  }

  private void emit(MessageDelta delta, @Nullable FinishReason finish) {
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

package dev.modelgate.provider.anthropic;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
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
final class AnthropicStreamDecoder implements ChunkStream {
  private final UpstreamResponse response;
  private final SseEventReader reader;
  private final String publicModel;
  private final long created = System.currentTimeMillis() / 1000;
  private final Queue<ChatChunk> pending = new ArrayDeque<>();
  private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
  private String id = "";
  private @Nullable JsonNode startUsage;
  private boolean done;

  AnthropicStreamDecoder(UpstreamResponse response, String publicModel) {
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
        throw new UpstreamProtocol("Upstream stream ended before message_stop", null);
      }
      handle(event);
    }
    return pending.poll();
  }

  private void handle(SseEvent event) {
    JsonNode data = parse(event.data());
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
          pending.add(new ChatChunk(id, created, publicModel, List.of(), usage, null, null));
        }
      }
      case "message_stop" -> {
        done = true;
        response.close();
      }
      case "error" -> {
        done = true;
        throw AnthropicErrors.fromStreamError(data);
      }
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

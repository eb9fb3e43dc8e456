package dev.modelgate.server.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.AnthropicMessagesCodec;
import dev.modelgate.codec.Json;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChunkChoice;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.MessageDelta;
import dev.modelgate.model.ToolCallDelta;
import dev.modelgate.model.Usage;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI-shaped chunks as Anthropic stream events, in Anthropic's order: {@code message_start},
 * then one content block at a time ({@code content_block_start}, deltas, {@code
 * content_block_stop}) for thinking, text and each tool call, then {@code message_delta} with the
 * stop reason and usage, and {@code message_stop}. Only choice 0 is relayed (Anthropic has no
 * {@code n}).
 */
final class AnthropicStreamEncoder {
  /** One event to write. */
  record Event(String name, byte[] data) {}

  private enum Block {
    NONE,
    THINKING,
    TEXT,
    TOOL
  }

  private final String model;
  private boolean started;
  private Block open = Block.NONE;
  private int blockIndex = -1;
  private int openToolIndex = -1;
  private @Nullable FinishReason finish;
  private @Nullable Usage usage;
  private @Nullable JsonNode jsonVerdict;

  AnthropicStreamEncoder(String model) {
    this.model = model;
  }

  List<Event> onChunk(ChatChunk chunk) {
    List<Event> events = new ArrayList<>(3);
    start(chunk.id(), events);
    if (chunk.usage() != null) {
      usage = chunk.usage();
    }
    if (chunk.extensions() != null
        && chunk.extensions().get(ChatChunk.JSON_VERDICT) instanceof ObjectNode verdict
        && verdict.path("index").asInt(0) == 0) {
      jsonVerdict = verdict;
    }
    for (ChunkChoice choice : chunk.choices()) {
      if (choice.index() != 0) {
        continue;
      }
      delta(choice.delta(), events);
      if (choice.finishReason() != null) {
        finish = choice.finishReason();
      }
    }
    return events;
  }

  /**
   * Goes on after Anthropic events relayed as they came (a Claude stream that broke and is
   * continued from another target): the message is started, {@code lastBlock} is the index of the
   * last block opened, still open if {@code textOpen} (a text block the continuation's text joins).
   */
  void resumeAfter(int lastBlock, boolean textOpen) {
    started = true;
    blockIndex = lastBlock;
    open = textOpen ? Block.TEXT : Block.NONE;
  }

  /** The closing events, after the last chunk. */
  List<Event> finish() {
    List<Event> events = new ArrayList<>(3);
    start("gateway", events);
    close(events);
    ObjectNode delta = Json.object().put("type", "message_delta");
    delta
        .putObject("delta")
        .put("stop_reason", AnthropicMessagesCodec.stopReason(finish))
        .putNull("stop_sequence");
    delta.set("usage", AnthropicMessagesCodec.usage(usage));
    if (jsonVerdict != null) {
      delta.set(ChatChunk.JSON_VERDICT, jsonVerdict); // the JSON guarantee's, for choice 0
    }
    events.add(new Event("message_delta", Json.bytes(delta)));
    events.add(new Event("message_stop", Json.bytes(Json.object().put("type", "message_stop"))));
    return events;
  }

  private void start(String id, List<Event> events) {
    if (started) {
      return;
    }
    started = true;
    ObjectNode event = Json.object().put("type", "message_start");
    ObjectNode message =
        event
            .putObject("message")
            .put("id", AnthropicMessagesCodec.messageId(id))
            .put("type", "message")
            .put("role", "assistant")
            .put("model", model);
    message.putArray("content");
    message.putNull("stop_reason");
    message.putNull("stop_sequence");
    message.set("usage", AnthropicMessagesCodec.usage(null));
    events.add(new Event("message_start", Json.bytes(event)));
  }

  private void delta(MessageDelta delta, List<Event> events) {
    if (delta.reasoning() != null && !delta.reasoning().isEmpty()) {
      open(Block.THINKING, Json.object().put("type", "thinking").put("thinking", ""), events);
      blockDelta(
          Json.object().put("type", "thinking_delta").put("thinking", delta.reasoning()), events);
    }
    if (delta.content() != null && !delta.content().isEmpty()) {
      open(Block.TEXT, Json.object().put("type", "text").put("text", ""), events);
      blockDelta(Json.object().put("type", "text_delta").put("text", delta.content()), events);
    }
    for (ToolCallDelta call : delta.toolCalls()) {
      if (open != Block.TOOL || call.index() != openToolIndex) {
        ObjectNode block =
            Json.object()
                .put("type", "tool_use")
                .put("id", call.id() == null ? "toolu_" + call.index() : call.id())
                .put("name", call.name() == null ? "" : call.name());
        block.putObject("input");
        close(events);
        openToolIndex = call.index();
        open(Block.TOOL, block, events);
      }
      if (call.arguments() != null && !call.arguments().isEmpty()) {
        blockDelta(
            Json.object().put("type", "input_json_delta").put("partial_json", call.arguments()),
            events);
      }
    }
  }

  private void open(Block kind, ObjectNode block, List<Event> events) {
    if (open == kind && kind != Block.TOOL) {
      return;
    }
    if (kind != Block.TOOL) {
      close(events);
    }
    open = kind;
    blockIndex++;
    ObjectNode event = Json.object().put("type", "content_block_start").put("index", blockIndex);
    event.set("content_block", block);
    events.add(new Event("content_block_start", Json.bytes(event)));
  }

  private void blockDelta(ObjectNode delta, List<Event> events) {
    ObjectNode event = Json.object().put("type", "content_block_delta").put("index", blockIndex);
    event.set("delta", delta);
    events.add(new Event("content_block_delta", Json.bytes(event)));
  }

  private void close(List<Event> events) {
    if (open == Block.NONE) {
      return;
    }
    events.add(
        new Event(
            "content_block_stop",
            Json.bytes(Json.object().put("type", "content_block_stop").put("index", blockIndex))));
    open = Block.NONE;
    openToolIndex = -1;
  }
}

package dev.modelgate.provider.common;

import dev.modelgate.error.UpstreamProtocol;
import dev.modelgate.model.ChatChoice;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.ChunkChoice;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.Message;
import dev.modelgate.model.MessageContent;
import dev.modelgate.model.Role;
import dev.modelgate.model.StreamItem;
import dev.modelgate.model.ToolCall;
import dev.modelgate.model.ToolCallDelta;
import dev.modelgate.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A streamed chat answer read to its end and assembled into one response, for upstreams that answer
 * some calls only as a stream (Dify's agent apps). Single choice: text, reasoning, tool calls by
 * index, finish reason, usage and the last chunk's extensions.
 */
public final class ChunkCollector {
  private ChunkCollector() {}

  public static ChatResponse collect(ChunkStream stream) {
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    Map<Integer, String[]> calls = new TreeMap<>();
    FinishReason finish = null;
    Usage usage = null;
    ChatChunk last = null;
    try (stream) {
      StreamItem item;
      while ((item = stream.next()) != null) {
        if (!(item instanceof ChatChunk chunk)) {
          throw new UpstreamProtocol("a chat stream carried a non-chat event", null);
        }
        last = chunk;
        if (chunk.usage() != null) {
          usage = chunk.usage();
        }
        for (ChunkChoice choice : chunk.choices()) {
          if (choice.delta().content() != null) {
            text.append(choice.delta().content());
          }
          if (choice.delta().reasoning() != null) {
            reasoning.append(choice.delta().reasoning());
          }
          choice.delta().toolCalls().forEach(delta -> merge(calls, delta));
          if (choice.finishReason() != null) {
            finish = choice.finishReason();
          }
        }
      }
    }
    if (last == null) {
      throw new UpstreamProtocol("the upstream stream ended without an answer", null);
    }
    List<ToolCall> toolCalls = new ArrayList<>();
    calls.values().forEach(c -> toolCalls.add(new ToolCall(c[0], "function", c[1], c[2])));
    Message message =
        new Message(
            Role.ASSISTANT,
            text.isEmpty() && !toolCalls.isEmpty()
                ? null
                : new MessageContent.Plain(text.toString()),
            null,
            toolCalls,
            null,
            reasoning.isEmpty() ? null : reasoning.toString(),
            null,
            null);
    return new ChatResponse(
        last.id(),
        last.created(),
        last.model(),
        List.of(new ChatChoice(0, message, finish != null ? finish : FinishReason.STOP, null)),
        usage,
        last.systemFingerprint(),
        last.extensions());
  }

  /** id, name, arguments of one call, built from its deltas. */
  private static void merge(Map<Integer, String[]> calls, ToolCallDelta delta) {
    String[] call = calls.computeIfAbsent(delta.index(), i -> new String[] {"", "", ""});
    if (delta.id() != null) {
      call[0] = delta.id();
    }
    if (delta.name() != null) {
      call[1] = delta.name();
    }
    if (delta.arguments() != null) {
      call[2] = call[2] + delta.arguments();
    }
  }
}

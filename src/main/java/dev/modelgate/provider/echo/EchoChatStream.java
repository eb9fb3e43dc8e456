package dev.modelgate.provider.echo;

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
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.jspecify.annotations.Nullable;

/**
 * The echo answer streamed as OpenAI does: a role chunk, word chunks, a finish chunk, then usage.
 */
final class EchoChatStream implements ChunkStream {
  private final Queue<ChatChunk> chunks = new ArrayDeque<>();
  private final long delayMillis;
  private boolean first = true;

  EchoChatStream(
      String id,
      long created,
      String model,
      String text,
      @Nullable ToolCall call,
      Usage usage,
      long delayMillis) {
    this.delayMillis = delayMillis;
    chunks.add(
        chunk(
            id,
            created,
            model,
            new MessageDelta(Role.ASSISTANT, "", null, null, List.of(), null),
            null));
    if (call != null) {
      chunks.add(
          chunk(
              id,
              created,
              model,
              new MessageDelta(
                  null,
                  null,
                  null,
                  null,
                  List.of(new ToolCallDelta(0, call.id(), "function", call.name(), "")),
                  null),
              null));
      for (String piece : pieces(call.arguments(), 8)) {
        chunks.add(
            chunk(
                id,
                created,
                model,
                new MessageDelta(
                    null,
                    null,
                    null,
                    null,
                    List.of(new ToolCallDelta(0, null, null, null, piece)),
                    null),
                null));
      }
    } else {
      for (String word : words(text)) {
        chunks.add(chunk(id, created, model, MessageDelta.text(word), null));
      }
    }
    FinishReason finish = call != null ? FinishReason.TOOL_CALLS : FinishReason.STOP;
    chunks.add(
        chunk(
            id, created, model, new MessageDelta(null, null, null, null, List.of(), null), finish));
    chunks.add(new ChatChunk(id, created, model, List.of(), usage, "fp_echo", null));
  }

  private static ChatChunk chunk(
      String id, long created, String model, MessageDelta delta, @Nullable FinishReason finish) {
    return new ChatChunk(
        id,
        created,
        model,
        List.of(new ChunkChoice(0, delta, finish, null)),
        null,
        "fp_echo",
        null);
  }

  private static List<String> words(String text) {
    List<String> out = new java.util.ArrayList<>();
    int start = 0;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == ' ') {
        out.add(text.substring(start, i));
        start = i;
      }
    }
    return out;
  }

  private static List<String> pieces(String text, int size) {
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < text.length(); i += size) {
      out.add(text.substring(i, Math.min(text.length(), i + size)));
    }
    return out;
  }

  @Override
  public @Nullable StreamItem next() {
    if (!first && delayMillis > 0 && !chunks.isEmpty()) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    first = false;
    return chunks.poll();
  }

  @Override
  public void close() {
    chunks.clear();
  }
}

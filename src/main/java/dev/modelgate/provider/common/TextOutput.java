package dev.modelgate.provider.common;

import dev.modelgate.model.ChatChoice;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.ChunkChoice;
import dev.modelgate.model.CompletionChoice;
import dev.modelgate.model.CompletionResponse;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.Message;
import dev.modelgate.model.MessageDelta;
import dev.modelgate.model.ResponseBody;
import dev.modelgate.model.Role;
import dev.modelgate.model.StreamItem;
import dev.modelgate.model.Usage;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds answers and stream items in the shape the client asked for, chat or completion, for
 * upstreams that answer with plain text (prompt-only services, TGI's and Triton's generate APIs).
 */
public record TextOutput(
    boolean chat, String id, long created, String model, TokenEstimate tokens) {

  /**
   * @param tag names the provider in generated ids ({@code chatcmpl-<tag>-...})
   * @param tokens counts what the upstream does not
   */
  public static TextOutput of(boolean chat, String model, String tag, TokenEstimate tokens) {
    String prefix = (chat ? "chatcmpl-" : "cmpl-") + tag + "-";
    return new TextOutput(
        chat,
        prefix + Long.toHexString(System.nanoTime()),
        System.currentTimeMillis() / 1000,
        model,
        tokens);
  }

  public ResponseBody whole(String text, FinishReason finish, Usage usage) {
    if (chat) {
      return new ChatResponse(
          id,
          created,
          model,
          List.of(new ChatChoice(0, Message.of(Role.ASSISTANT, text), finish, null)),
          usage,
          null,
          null);
    }
    return new CompletionResponse(
        id, created, model, List.of(new CompletionChoice(0, text, finish, null)), usage);
  }

  public StreamItem delta(String text, boolean first, @Nullable FinishReason finish) {
    if (chat) {
      MessageDelta delta =
          new MessageDelta(
              first ? Role.ASSISTANT : null,
              text.isEmpty() && !first ? null : text,
              null,
              null,
              List.of(),
              null);
      return new ChatChunk(
          id, created, model, List.of(new ChunkChoice(0, delta, finish, null)), null, null, null);
    }
    return new CompletionResponse(
        id, created, model, List.of(new CompletionChoice(0, text, finish, null)), null);
  }

  public StreamItem usage(Usage usage) {
    if (chat) {
      return new ChatChunk(id, created, model, List.of(), usage, null, null);
    }
    return new CompletionResponse(id, created, model, List.of(), usage);
  }
}

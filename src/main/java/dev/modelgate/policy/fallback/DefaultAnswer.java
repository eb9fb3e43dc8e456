package dev.modelgate.policy.fallback;

import dev.modelgate.chain.Call;
import dev.modelgate.model.ChatChoice;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.ChunkChoice;
import dev.modelgate.model.CompletionChoice;
import dev.modelgate.model.CompletionResponse;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.Message;
import dev.modelgate.model.MessageDelta;
import dev.modelgate.model.Reply;
import dev.modelgate.model.Role;
import dev.modelgate.model.StreamItem;
import dev.modelgate.model.Usage;
import dev.modelgate.policy.cache.ReplayStream;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A route's configured answer as a real reply of the call's operation, streamed when the client
 * streams; the front door writes it in the client's protocol like any other. It costs no tokens.
 */
final class DefaultAnswer {
  private DefaultAnswer() {}

  /** The answer, or null for an operation that has no text answer (embeddings). */
  static @Nullable Reply of(Call call, String text, Clock clock) {
    String model = call.route().publicModel();
    long created = clock.instant().getEpochSecond();
    boolean stream = call.request().stream();
    Usage none = Usage.of(0, 0);
    return switch (call.request().operation()) {
      case CHAT -> {
        String id = "chatcmpl-fallback-" + call.requestId();
        if (!stream) {
          Message message = Message.of(Role.ASSISTANT, text);
          yield new Reply.Complete(
              new ChatResponse(
                  id,
                  created,
                  model,
                  List.of(new ChatChoice(0, message, FinishReason.STOP, null)),
                  none,
                  null,
                  null));
        }
        MessageDelta delta = new MessageDelta(Role.ASSISTANT, text, null, null, List.of(), null);
        List<StreamItem> chunks =
            List.of(
                chunk(id, created, model, new ChunkChoice(0, delta, null, null), null),
                chunk(
                    id,
                    created,
                    model,
                    new ChunkChoice(0, MessageDelta.text(""), FinishReason.STOP, null),
                    null),
                new ChatChunk(id, created, model, List.of(), none, null, null));
        yield new Reply.Streaming(new ReplayStream(chunks));
      }
      case COMPLETION -> {
        CompletionResponse completion =
            new CompletionResponse(
                "cmpl-fallback-" + call.requestId(),
                created,
                model,
                List.of(new CompletionChoice(0, text, FinishReason.STOP, null)),
                none);
        yield stream
            ? new Reply.Streaming(new ReplayStream(List.of(completion)))
            : new Reply.Complete(completion);
      }
      default -> null;
    };
  }

  private static ChatChunk chunk(
      String id, long created, String model, ChunkChoice choice, @Nullable Usage usage) {
    return new ChatChunk(id, created, model, List.of(choice), usage, null, null);
  }
}

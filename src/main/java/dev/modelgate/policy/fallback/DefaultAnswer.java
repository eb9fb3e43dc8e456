package dev.modelgate.policy.fallback;

import dev.modelgate.chain.Call;
import dev.modelgate.model.AnswerStream;
import dev.modelgate.model.ChatChoice;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.CompletionChoice;
import dev.modelgate.model.CompletionResponse;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.Message;
import dev.modelgate.model.Reply;
import dev.modelgate.model.Role;
import dev.modelgate.model.Usage;
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
        ChatResponse answer =
            new ChatResponse(
                "chatcmpl-fallback-" + call.requestId(),
                created,
                model,
                List.of(
                    new ChatChoice(0, Message.of(Role.ASSISTANT, text), FinishReason.STOP, null)),
                none,
                null,
                null);
        yield stream ? new Reply.Streaming(AnswerStream.of(answer)) : new Reply.Complete(answer);
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
            ? new Reply.Streaming(AnswerStream.of(completion))
            : new Reply.Complete(completion);
      }
      default -> null;
    };
  }
}

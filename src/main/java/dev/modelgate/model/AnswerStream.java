package dev.modelgate.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/**
 * A complete answer handed out as a stream, for clients that asked to stream from an upstream that
 * cannot: per choice one chunk with the whole message and one with its finish reason, then the
 * usage chunk.
 */
public final class AnswerStream implements ChunkStream {
  private final Queue<StreamItem> items;

  private AnswerStream(Queue<StreamItem> items) {
    this.items = items;
  }

  public static ChunkStream of(ChatResponse answer) {
    Queue<StreamItem> items = new ConcurrentLinkedQueue<>();
    for (ChatChoice choice : answer.choices()) {
      items.add(
          chunk(answer, new ChunkChoice(choice.index(), delta(choice.message()), null, null)));
      items.add(
          chunk(
              answer,
              new ChunkChoice(
                  choice.index(),
                  new MessageDelta(null, null, null, null, List.of(), null),
                  choice.finishReason(),
                  choice.logprobs())));
    }
    if (answer.usage() != null) {
      items.add(
          new ChatChunk(
              answer.id(),
              answer.created(),
              answer.model(),
              List.of(),
              answer.usage(),
              answer.systemFingerprint(),
              null));
    }
    return new AnswerStream(items);
  }

  public static ChunkStream of(CompletionResponse answer) {
    Queue<StreamItem> items = new ConcurrentLinkedQueue<>();
    for (CompletionChoice choice : answer.choices()) {
      items.add(
          new CompletionResponse(
              answer.id(), answer.created(), answer.model(), List.of(choice), null));
    }
    if (answer.usage() != null) {
      items.add(
          new CompletionResponse(
              answer.id(), answer.created(), answer.model(), List.of(), answer.usage()));
    }
    return new AnswerStream(items);
  }

  private static ChatChunk chunk(ChatResponse answer, ChunkChoice choice) {
    return new ChatChunk(
        answer.id(),
        answer.created(),
        answer.model(),
        List.of(choice),
        null,
        answer.systemFingerprint(),
        null);
  }

  private static MessageDelta delta(Message message) {
    List<ToolCallDelta> calls = new ArrayList<>();
    for (ToolCall call : message.toolCalls()) {
      calls.add(
          new ToolCallDelta(calls.size(), call.id(), call.type(), call.name(), call.arguments()));
    }
    return new MessageDelta(
        Role.ASSISTANT,
        message.content() == null ? null : message.text(),
        message.reasoning(),
        message.refusal(),
        calls,
        null);
  }

  @Override
  public @Nullable StreamItem next() {
    return items.poll();
  }

  @Override
  public void close() {
    items.clear();
  }
}

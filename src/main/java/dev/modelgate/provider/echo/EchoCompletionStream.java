package dev.modelgate.provider.echo;

import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.CompletionChoice;
import dev.modelgate.model.CompletionResponse;
import dev.modelgate.model.StreamItem;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.jspecify.annotations.Nullable;

/** The echo completion streamed as one text chunk, a finish chunk and a usage chunk. */
final class EchoCompletionStream implements ChunkStream {
  private final Queue<CompletionResponse> chunks = new ArrayDeque<>();

  EchoCompletionStream(CompletionResponse whole) {
    CompletionChoice choice = whole.choices().getFirst();
    chunks.add(
        new CompletionResponse(
            whole.id(),
            whole.created(),
            whole.model(),
            List.of(new CompletionChoice(0, choice.text(), null, null)),
            null));
    chunks.add(
        new CompletionResponse(
            whole.id(),
            whole.created(),
            whole.model(),
            List.of(new CompletionChoice(0, "", choice.finishReason(), null)),
            null));
    chunks.add(
        new CompletionResponse(
            whole.id(), whole.created(), whole.model(), List.of(), whole.usage()));
  }

  @Override
  public @Nullable StreamItem next() {
    return chunks.poll();
  }

  @Override
  public void close() {
    chunks.clear();
  }
}

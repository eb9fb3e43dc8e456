package dev.modelgate.policy.shadow;

import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.Reply;
import dev.modelgate.model.StreamItem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the primary's answer for the comparison while the client reads it unchanged: a complete
 * body at once, a stream item by item as the client pulls it. The answer is null when the primary
 * failed or the client left before its end (a partial answer compares badly with a whole one).
 */
final class PrimaryCapture {
  private final CompletableFuture<@Nullable Answer> answer = new CompletableFuture<>();

  CompletableFuture<@Nullable Answer> answer() {
    return answer;
  }

  void failed() {
    answer.complete(null);
  }

  Reply capture(Reply reply) {
    return switch (reply) {
      case Reply.Complete complete -> {
        answer.complete(Answer.of(complete.body()));
        yield reply;
      }
      case Reply.Streaming streaming -> new Reply.Streaming(new Recording(streaming.stream()));
    };
  }

  /** The client's stream, keeping each item it hands out. */
  private final class Recording implements ChunkStream {
    private final ChunkStream inner;
    private final List<StreamItem> items = new ArrayList<>();

    Recording(ChunkStream inner) {
      this.inner = inner;
    }

    @Override
    public @Nullable StreamItem next() {
      StreamItem item;
      try {
        item = inner.next();
      } catch (RuntimeException e) {
        failed();
        throw e;
      }
      if (item == null) {
        answer.complete(Answer.of(items));
      } else {
        items.add(item);
      }
      return item;
    }

    @Override
    public void close() {
      inner.close();
      failed(); // no effect after a normal end; otherwise the client left early
    }
  }
}

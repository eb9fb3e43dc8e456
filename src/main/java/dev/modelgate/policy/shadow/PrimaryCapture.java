package dev.modelgate.policy.shadow;

import dev.modelgate.chain.ObservedStream;
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
final class PrimaryCapture implements ObservedStream.Observer {
  private final CompletableFuture<@Nullable Answer> answer = new CompletableFuture<>();
  private final List<StreamItem> items = new ArrayList<>();

  CompletableFuture<@Nullable Answer> answer() {
    return answer;
  }

  Reply capture(Reply reply) {
    return switch (reply) {
      case Reply.Complete complete -> {
        answer.complete(Answer.of(complete.body()));
        yield reply;
      }
      case Reply.Streaming streaming ->
          new Reply.Streaming(new ObservedStream(streaming.stream(), this));
    };
  }

  @Override
  public void item(StreamItem item) {
    items.add(item);
  }

  @Override
  public void ended() {
    answer.complete(Answer.of(items));
  }

  @Override
  public void failed(RuntimeException failure) {
    answer.complete(null);
  }

  @Override
  public void closed() {
    answer.complete(null); // no effect after a normal end; otherwise the client left early
  }
}

package dev.modelgate.policy.cache;

import dev.modelgate.model.Reply;
import dev.modelgate.model.ResponseBody;
import dev.modelgate.model.StreamItem;
import java.time.Instant;
import java.util.List;

/** An answer as it was given: a whole body, or every event of a stream. */
public sealed interface CachedAnswer {
  Instant storedAt();

  /** The answer again, as the original reply had it. */
  Reply replay();

  /** A complete answer. */
  record Whole(ResponseBody body, Instant storedAt) implements CachedAnswer {
    @Override
    public Reply replay() {
      return new Reply.Complete(body);
    }
  }

  /** A stream that ended normally, event by event. */
  record Streamed(List<StreamItem> items, Instant storedAt) implements CachedAnswer {
    public Streamed {
      items = List.copyOf(items);
    }

    @Override
    public Reply replay() {
      return new Reply.Streaming(new ReplayStream(items));
    }
  }
}

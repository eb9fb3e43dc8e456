package dev.modelgate.chain;

import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.StreamItem;
import org.jspecify.annotations.Nullable;

/**
 * A stream passed on unchanged while an observer hears how it goes: each item, the normal end, a
 * failure, the close. For policies that measure or keep an answer without touching it.
 */
public final class ObservedStream implements ChunkStream {
  /** What a policy wants to know of a stream; called on the reading thread, must not block. */
  public interface Observer {
    default void item(StreamItem item) {}

    void ended();

    void failed(RuntimeException failure);

    /** The stream was closed: after its end, or before it when the reader gave up. */
    default void closed() {}
  }

  private final ChunkStream inner;
  private final Observer observer;

  public ObservedStream(ChunkStream inner, Observer observer) {
    this.inner = inner;
    this.observer = observer;
  }

  @Override
  public @Nullable StreamItem next() {
    StreamItem item;
    try {
      item = inner.next();
    } catch (RuntimeException e) {
      observer.failed(e);
      throw e;
    }
    if (item == null) {
      observer.ended();
    } else {
      observer.item(item);
    }
    return item;
  }

  @Override
  public void close() {
    inner.close();
    observer.closed();
  }
}

package dev.modelgate.policy.cache;

import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.StreamItem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Passes a stream through unchanged and keeps a copy of its events; when the stream ends normally
 * the copy goes to {@code onEnd}. A stream that fails, is closed early or grows past {@link
 * #MAX_EVENTS} is not kept.
 */
final class RecordingStream implements ChunkStream {
  static final int MAX_EVENTS = 20_000;

  private final ChunkStream stream;
  private final Consumer<List<StreamItem>> onEnd;
  private @Nullable List<StreamItem> copy = new ArrayList<>();

  RecordingStream(ChunkStream stream, Consumer<List<StreamItem>> onEnd) {
    this.stream = stream;
    this.onEnd = onEnd;
  }

  @Override
  public @Nullable StreamItem next() {
    StreamItem item;
    try {
      item = stream.next();
    } catch (RuntimeException e) {
      copy = null;
      throw e;
    }
    List<StreamItem> kept = copy;
    if (kept == null) {
      return item;
    }
    if (item == null) {
      copy = null;
      onEnd.accept(kept);
    } else if (kept.size() < MAX_EVENTS) {
      kept.add(item);
    } else {
      copy = null;
    }
    return item;
  }

  @Override
  public void close() {
    copy = null;
    stream.close();
  }
}

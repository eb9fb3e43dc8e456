package dev.modelgate.policy.cache;

import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.StreamItem;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A stream of events known in advance (a cached stream, a configured answer). */
public final class ReplayStream implements ChunkStream {
  private final List<StreamItem> items;
  private int next;

  public ReplayStream(List<StreamItem> items) {
    this.items = List.copyOf(items);
  }

  @Override
  public @Nullable StreamItem next() {
    return next < items.size() ? items.get(next++) : null;
  }

  @Override
  public void close() {
    next = items.size();
  }
}

package dev.modelgate.server;

import dev.modelgate.error.ShuttingDown;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.StreamItem;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A client's stream that a shutdown may cut: {@link #cut()} closes the upstream, and the reader
 * then gets {@link ShuttingDown}, which the front door writes as an error event in its own
 * protocol, instead of whatever the closed upstream stream reports.
 */
final class DrainedStream implements ChunkStream {
  private final ChunkStream upstream;
  private final Set<DrainedStream> registry;
  private volatile boolean cut;

  DrainedStream(ChunkStream upstream, Set<DrainedStream> registry) {
    this.upstream = upstream;
    this.registry = registry;
    registry.add(this);
  }

  void cut() {
    cut = true;
    upstream.close();
  }

  @Override
  public @Nullable StreamItem next() {
    if (cut) {
      throw cutShort();
    }
    StreamItem item;
    try {
      item = upstream.next();
    } catch (RuntimeException e) {
      if (cut) {
        throw cutShort();
      }
      throw e;
    }
    if (item == null && cut) {
      throw cutShort();
    }
    return item;
  }

  private static ShuttingDown cutShort() {
    return new ShuttingDown("The gateway shut down before the stream finished.");
  }

  @Override
  public void close() {
    registry.remove(this);
    upstream.close();
  }
}

package dev.modelgate.model;

import org.jspecify.annotations.Nullable;

/**
 * A pull iterator over a streamed answer. {@link #next()} blocks until the next item, returns null
 * at the normal end, and throws a {@link dev.modelgate.error.GatewayException} when the stream
 * fails; {@link #close()} may be called at any time, from any thread (a reader blocked in {@link
 * #next()} then fails), and cancels the upstream.
 */
public interface ChunkStream extends AutoCloseable {
  @Nullable StreamItem next();

  @Override
  void close();
}

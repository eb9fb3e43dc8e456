package dev.modelgate.provider.common;

import dev.modelgate.error.UpstreamProtocol;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.StreamItem;
import dev.modelgate.upstream.UpstreamResponse;
import java.util.ArrayDeque;
import java.util.Queue;
import org.jspecify.annotations.Nullable;

/**
 * The shape every translating stream decoder shares: read one upstream event at a time, turn it
 * into zero or more items, hand them out in order. Subclasses say what an event yields and when the
 * stream is complete; a source that ends before that is a truncated stream.
 */
public abstract class EventQueueStream<T extends StreamItem> implements ChunkStream {
  private final UpstreamResponse response;
  private final EventSource reader;
  private final Queue<T> pending = new ArrayDeque<>();
  private boolean done;

  /** Events from the response body read as server-sent events. */
  protected EventQueueStream(UpstreamResponse response) {
    this(response, new SseEventReader(response::read));
  }

  protected EventQueueStream(UpstreamResponse response, EventSource reader) {
    this.response = response;
    this.reader = reader;
  }

  /** Turns one event into items ({@link #emit}); may {@link #finish()} the stream or throw. */
  protected abstract void onEvent(SseEvent event);

  /** The source ended; by default a truncation unless {@link #finish()} was called. */
  protected void onEnd() {
    throw new UpstreamProtocol("Upstream stream ended before it was complete", null);
  }

  protected final void emit(T item) {
    pending.add(item);
  }

  /** The stream is complete: items emitted so far are still handed out, then the end. */
  protected final void finish() {
    done = true;
    response.closeAtEnd();
  }

  @Override
  public final @Nullable StreamItem next() {
    while (pending.isEmpty()) {
      if (done) {
        return null;
      }
      SseEvent event = reader.next();
      if (event == null) {
        done = true;
        onEnd();
        response.close();
        continue;
      }
      try {
        onEvent(event);
      } catch (RuntimeException e) {
        done = true;
        throw e;
      }
    }
    return pending.poll();
  }

  @Override
  public final void close() {
    done = true;
    response.close();
  }
}

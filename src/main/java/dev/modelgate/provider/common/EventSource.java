package dev.modelgate.provider.common;

import org.jspecify.annotations.Nullable;

/** Where stream events come from: SSE events, or NDJSON lines (as events with data only). */
public interface EventSource {
  /** The next event, or null at the end of the stream. */
  @Nullable SseEvent next();
}

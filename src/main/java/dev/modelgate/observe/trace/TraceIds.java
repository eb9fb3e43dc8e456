package dev.modelgate.observe.trace;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What every span of one trace shares: the trace id, the caller's span (invalid when the request
 * started the trace), the sampling flags and the trace state. Span ids are random longs, formatted
 * only when a span context is needed.
 */
record TraceIds(String traceId, SpanContext parent, TraceFlags flags, TraceState state) {
  boolean sampled() {
    return flags.isSampled();
  }

  SpanContext context(long spanId) {
    return SpanContext.create(traceId, SpanId.fromLong(spanId), flags, state);
  }

  /** A new span id: random and never 0, which W3C Trace Context reserves for "no span". */
  static long newSpanId() {
    long id;
    do {
      id = ThreadLocalRandom.current().nextLong();
    } while (id == 0);
    return id;
  }
}

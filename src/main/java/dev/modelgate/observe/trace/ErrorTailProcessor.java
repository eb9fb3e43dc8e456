package dev.modelgate.observe.trace;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Passes sampled spans straight on; holds the spans of an unsampled trace until its local root (the
 * gateway's server span) ends, then passes them on only if one of them is in error. At most {@code
 * maxPending} traces are held: beyond that an unsampled trace is not kept (counted).
 */
final class ErrorTailProcessor implements SpanProcessor {
  private final SpanProcessor next;
  private final int maxPending;
  private final ConcurrentHashMap<String, List<ReadableSpan>> pending = new ConcurrentHashMap<>();
  private final AtomicLong overflow = new AtomicLong();

  ErrorTailProcessor(SpanProcessor next, int maxPending) {
    this.next = next;
    this.maxPending = maxPending;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (span.getSpanContext().isSampled()) {
      next.onEnd(span);
      return;
    }
    String traceId = span.getSpanContext().getTraceId();
    if (!localRoot(span)) {
      if (pending.size() < maxPending || pending.containsKey(traceId)) {
        pending.computeIfAbsent(traceId, id -> new ArrayList<>()).add(span);
      } else {
        overflow.incrementAndGet();
      }
      return;
    }
    List<ReadableSpan> held = pending.remove(traceId);
    List<ReadableSpan> trace = held == null ? new ArrayList<>() : held;
    trace.add(span);
    if (trace.stream()
        .anyMatch(s -> s.toSpanData().getStatus().getStatusCode() == StatusCode.ERROR)) {
      trace.forEach(next::onEnd);
    }
  }

  static boolean localRoot(ReadableSpan span) {
    SpanContext parent = span.getParentSpanContext();
    return !parent.isValid() || parent.isRemote();
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  long overflow() {
    return overflow.get();
  }

  @Override
  public CompletableResultCode shutdown() {
    return next.shutdown();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return next.forceFlush();
  }
}

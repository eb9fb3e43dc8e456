package dev.modelgate.observe.trace;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The last {@code capacity} finished traces with their spans, sampled or not, for operators without
 * a tracing backend. Memory is bounded twice: finished traces by {@code capacity}, traces in
 * progress by four times that (a span of a trace beyond it is not kept).
 */
public final class RecentTraces implements SpanProcessor {
  private final int capacity;
  private final Map<String, List<SpanData>> inProgress = new ConcurrentHashMap<>();
  private final Deque<RecordedTrace> finished = new ArrayDeque<>();

  RecentTraces(int capacity) {
    this.capacity = capacity;
  }

  /** The newest traces first, at most {@code limit}, that {@code filter} accepts. */
  public synchronized List<RecordedTrace> find(Predicate<RecordedTrace> filter, int limit) {
    List<RecordedTrace> found = new ArrayList<>();
    for (RecordedTrace trace : finished) {
      if (found.size() == limit) {
        break;
      }
      if (filter.test(trace)) {
        found.add(trace);
      }
    }
    return found;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    String traceId = span.getSpanContext().getTraceId();
    SpanData data = span.toSpanData();
    if (!ErrorTailProcessor.localRoot(span)) {
      if (inProgress.size() < capacity * 4 || inProgress.containsKey(traceId)) {
        inProgress
            .computeIfAbsent(traceId, id -> Collections.synchronizedList(new ArrayList<>()))
            .add(data);
      }
      return;
    }
    List<SpanData> children = inProgress.remove(traceId);
    List<SpanData> spans = new ArrayList<>();
    spans.add(data);
    if (children != null) {
      spans.addAll(children);
    }
    add(RecordedTrace.of(data, spans));
  }

  private synchronized void add(RecordedTrace trace) {
    finished.addFirst(trace);
    while (finished.size() > capacity) {
      finished.removeLast();
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }
}

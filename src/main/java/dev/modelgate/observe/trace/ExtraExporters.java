package dev.modelgate.observe.trace;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Processors added after the SDK was built ({@link GatewayTracing#exportTo}). */
final class ExtraExporters implements SpanProcessor {
  private final List<SpanProcessor> processors = new CopyOnWriteArrayList<>();

  void add(SpanProcessor processor) {
    processors.add(processor);
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    for (SpanProcessor processor : processors) {
      processor.onEnd(span);
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofAll(processors.stream().map(SpanProcessor::shutdown).toList());
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofAll(processors.stream().map(SpanProcessor::forceFlush).toList());
  }
}

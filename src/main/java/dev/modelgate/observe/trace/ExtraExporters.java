package dev.modelgate.observe.trace;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Processors added after the SDK was built ({@link GatewayTracing#exportTo}). */
final class ExtraExporters extends EndOnlyProcessor {
  private final List<SpanProcessor> processors = new CopyOnWriteArrayList<>();

  void add(SpanProcessor processor) {
    processors.add(processor);
  }

  boolean isEmpty() {
    return processors.isEmpty();
  }

  @Override
  public void onEnd(ReadableSpan span) {
    for (SpanProcessor processor : processors) {
      processor.onEnd(span);
    }
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

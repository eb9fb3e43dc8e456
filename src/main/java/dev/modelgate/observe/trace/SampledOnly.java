package dev.modelgate.observe.trace;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Passes only sampled spans on to the exporters. Spans the error-keeping sampler recorded without
 * sampling reach them only through {@link GatewayTracing#ended}, when their trace failed.
 */
final class SampledOnly extends EndOnlyProcessor {
  private final SpanProcessor next;

  SampledOnly(SpanProcessor next) {
    this.next = next;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (span.getSpanContext().isSampled()) {
      next.onEnd(span);
    }
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

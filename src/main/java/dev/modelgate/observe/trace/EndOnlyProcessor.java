package dev.modelgate.observe.trace;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/** A span processor that acts only when a span ends (the SDK then skips it at every start). */
abstract class EndOnlyProcessor implements SpanProcessor {
  @Override
  public final void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public final boolean isStartRequired() {
    return false;
  }

  @Override
  public final boolean isEndRequired() {
    return true;
  }
}

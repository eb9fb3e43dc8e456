package dev.modelgate.upstream;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.function.BiConsumer;

/**
 * Trace context headers ({@code traceparent}, B3, ...) for the request an upstream attempt sends.
 * The tracer makes the attempt's span current for the duration of the send and puts its propagator
 * into the same context under {@link #PROPAGATOR}, so providers need not pass anything along and,
 * with tracing off, the only cost is one thread-local read.
 */
public final class TraceHeaders {
  /** The propagator of the gateway that made the current context. */
  public static final ContextKey<TextMapPropagator> PROPAGATOR =
      ContextKey.named("modelgate-upstream-propagator");

  private static final TextMapSetter<BiConsumer<String, String>> SETTER =
      (carrier, name, value) -> {
        if (carrier != null) {
          carrier.accept(name, value);
        }
      };

  private TraceHeaders() {}

  /** Adds the current attempt's trace headers, if any, through {@code header}. */
  static void inject(BiConsumer<String, String> header) {
    Context context = Context.current();
    TextMapPropagator propagator = context.get(PROPAGATOR);
    if (propagator != null) {
      propagator.inject(context, header, SETTER);
    }
  }
}

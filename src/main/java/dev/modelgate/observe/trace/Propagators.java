package dev.modelgate.observe.trace;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import java.util.List;

/** The configured propagators by name, as one composite (extract tries them in order). */
final class Propagators {
  private Propagators() {}

  static TextMapPropagator of(List<String> names) {
    return TextMapPropagator.composite(names.stream().map(Propagators::named).toList());
  }

  private static TextMapPropagator named(String name) {
    return switch (name) {
      case "tracecontext" -> W3CTraceContextPropagator.getInstance();
      case "baggage" -> W3CBaggagePropagator.getInstance();
      case "b3" -> B3Propagator.injectingSingleHeader();
      case "b3multi" -> B3Propagator.injectingMultiHeaders();
      default -> throw new IllegalArgumentException("unknown propagator " + name);
    };
  }
}

package dev.modelgate.observe.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's tracing, built from {@link TracingSettings}: the OpenTelemetry SDK's sampler,
 * propagators and span processors (OTLP export), of its own rather than the global ones so gateways
 * in one JVM keep apart, and the recent-traces store. {@link #begin} opens a request's trace. Spans
 * are recorded by {@link RequestTrace} rather than the SDK's tracer: a request's trace is handed
 * over whole when it ends, so the spans of traces neither sampled nor failed are never built.
 */
public final class GatewayTracing implements AutoCloseable {
  private static final IdGenerator IDS = IdGenerator.random();
  private static final TextMapGetter<Function<String, @Nullable String>> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, @Nullable String> carrier) {
          return List.of();
        }

        @Override
        public @Nullable String get(
            @Nullable Function<String, @Nullable String> carrier, String key) {
          return carrier == null ? null : carrier.apply(key.toLowerCase(java.util.Locale.ROOT));
        }
      };

  private final TracingSettings settings;
  private final @Nullable Sampler sampler;
  private final Resource resource;
  private final TextMapPropagator propagator;
  private final RecentTraces recent;
  private final ExtraExporters extra;
  private final SpanProcessor exporters;
  // Whether an exporter is configured: without one, not even sampled traces are built as spans.
  private final boolean otlp;
  private final ContentRedactor redactor;

  private GatewayTracing(TracingSettings settings, ContentRedactor redactor) {
    this.settings = settings;
    this.redactor = redactor;
    this.propagator = Propagators.of(settings.propagators());
    this.recent = new RecentTraces(Math.max(1, settings.recentTraces()));
    this.extra = new ExtraExporters();
    this.resource =
        Resource.getDefault()
            .merge(
                Resource.create(
                    Attributes.of(AttributeKey.stringKey("service.name"), settings.serviceName())));
    this.otlp = settings.enabled() && settings.otlp() != null;
    this.exporters =
        settings.enabled()
            ? SpanProcessor.composite(OtlpExport.processor(settings), extra)
            : SpanProcessor.composite();
    this.sampler =
        settings.enabled()
            ? Sampler.parentBased(Sampler.traceIdRatioBased(settings.sampleRatio()))
            : null;
  }

  /**
   * Starts tracing as {@code settings} say; captured prompt and completion text (only with {@code
   * capture_content}) goes through {@code redactor} before it is put on a span.
   */
  public static GatewayTracing start(TracingSettings settings, ContentRedactor redactor) {
    return new GatewayTracing(settings, redactor);
  }

  /** Tracing off: no SDK, {@link RequestTrace#OFF} for every request. */
  public static GatewayTracing off() {
    return new GatewayTracing(TracingSettings.DISABLED, text -> "");
  }

  public boolean enabled() {
    return sampler != null;
  }

  /** Also sends every exported span to {@code exporter} (tests, embedding applications). */
  public void exportTo(SpanExporter exporter) {
    extra.add(SimpleSpanProcessor.builder(exporter).setExportUnsampledSpans(true).build());
  }

  public RecentTraces recent() {
    return recent;
  }

  /**
   * Opens a request's trace: the server span, child of the caller's trace context if its headers
   * carry one ({@code traceparent}, or B3 when configured). The sampler decides here whether the
   * trace is exported; it is recorded either way, for the recent traces and the error tail.
   */
  public RequestTrace begin(
      String requestId, String method, String path, Function<String, @Nullable String> headers) {
    Sampler current = sampler;
    if (current == null) {
      return RequestTrace.OFF;
    }
    Context parent = propagator.extract(Context.root(), headers, HEADERS);
    SpanContext caller = Span.fromContext(parent).getSpanContext();
    String traceId = caller.isValid() ? caller.getTraceId() : IDS.generateTraceId();
    // The span name is not passed: the ratio and parent-based samplers decide by ids alone.
    SamplingResult sampling =
        current.shouldSample(parent, traceId, "", SpanKind.SERVER, Attributes.empty(), List.of());
    boolean sampled = sampling.getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
    TraceIds ids =
        new TraceIds(
            traceId,
            caller,
            sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(),
            sampling.getUpdatedTraceState(caller.getTraceState()));
    return new RequestTrace(
        this,
        ids,
        parent,
        propagator,
        settings.captureContent() ? redactor : null,
        Clock.getDefault().now(),
        requestId,
        method,
        path);
  }

  Resource resource() {
    return resource;
  }

  /**
   * A request's trace ended: it joins the recent traces and is exported when sampled or, with
   * keep_errors, when it failed (whether a trace fails is known only at its end).
   */
  void ended(RecordedTrace trace, boolean failed) {
    if (settings.recentTraces() > 0) {
      recent.add(trace);
    }
    if ((otlp || !extra.isEmpty()) && (trace.sampled() || (failed && settings.keepErrors()))) {
      for (RecordedSpan span : trace.finished()) {
        exporters.onEnd(span);
      }
    }
  }

  /** Exports what is pending and stops. */
  @Override
  public void close() {
    exporters.shutdown().join(10, TimeUnit.SECONDS);
  }
}

package dev.modelgate.observe.trace;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's tracer: an OpenTelemetry SDK of its own (not the global one, so gateways in one JVM
 * keep apart), built from {@link TracingSettings}: sampler, propagators, OTLP export behind the
 * error-keeping sampler, the recent-traces store. {@link #begin} opens a request's trace.
 */
public final class GatewayTracing implements AutoCloseable {
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
  private final @Nullable SdkTracerProvider provider;
  private final @Nullable Tracer tracer;
  private final TextMapPropagator propagator;
  private final RecentTraces recent;
  private final ExtraExporters extra;
  private final SpanProcessor exporters;
  private final ContentRedactor redactor;

  private GatewayTracing(TracingSettings settings, ContentRedactor redactor) {
    this.settings = settings;
    this.redactor = redactor;
    this.propagator = Propagators.of(settings.propagators());
    this.recent = new RecentTraces(Math.max(1, settings.recentTraces()));
    this.extra = new ExtraExporters();
    this.exporters =
        settings.enabled()
            ? SpanProcessor.composite(OtlpExport.processor(settings), extra)
            : SpanProcessor.composite();
    if (!settings.enabled()) {
      this.provider = null;
      this.tracer = null;
      return;
    }
    Sampler ratio = Sampler.parentBased(Sampler.traceIdRatioBased(settings.sampleRatio()));
    SdkTracerProviderBuilder builder =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(
                                io.opentelemetry.api.common.AttributeKey.stringKey("service.name"),
                                settings.serviceName()))))
            .setSampler(settings.keepErrors() ? new ErrorKeepingSampler(ratio) : ratio);
    builder.addSpanProcessor(new SampledOnly(exporters));
    this.provider = builder.build();
    this.tracer = provider.get("dev.modelgate");
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
    return tracer != null;
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
   * carry one ({@code traceparent}, or B3 when configured).
   */
  public RequestTrace begin(
      String requestId, String method, String path, Function<String, @Nullable String> headers) {
    Tracer current = tracer;
    if (current == null) {
      return RequestTrace.OFF;
    }
    Context parent = propagator.extract(Context.root(), headers, HEADERS);
    Span root =
        current
            .spanBuilder(method + " " + path)
            .setSpanKind(SpanKind.SERVER)
            .setParent(parent)
            .setAttribute(RequestTrace.REQUEST_ID, requestId)
            .setAttribute("http.request.method", method)
            .setAttribute("url.path", path)
            .startSpan();
    return new RequestTrace(
        current,
        root,
        parent.with(root),
        propagator,
        settings.captureContent() ? redactor : null,
        this);
  }

  /**
   * A request's trace ended ({@code spans} holds every span of it, the server span too): it joins
   * the recent traces and, when it was recorded without being sampled and failed, it is exported
   * all the same (keep_errors: whether a trace fails is known only at its end).
   */
  void ended(ReadableSpan root, List<ReadableSpan> spans, boolean failed) {
    if (settings.recentTraces() > 0) {
      recent.add(root, spans);
    }
    if (failed && settings.keepErrors() && !root.getSpanContext().isSampled()) {
      for (ReadableSpan span : spans) {
        exporters.onEnd(span);
      }
    }
  }

  /** Exports what is pending and stops. */
  @Override
  public void close() {
    if (provider != null) {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }
}

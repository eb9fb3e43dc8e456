package dev.modelgate.observe.trace;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * The OTLP exporter of {@code tracing.otlp}, behind a batch processor that also exports unsampled
 * spans (only the error-keeping tail hands it those). No endpoint: no export.
 */
final class OtlpExport {
  private OtlpExport() {}

  static SpanProcessor processor(TracingSettings settings) {
    TracingSettings.Otlp otlp = settings.otlp();
    if (otlp == null) {
      return SpanProcessor.composite();
    }
    // Bigger batches than the SDK's 512 of 2,048 queued: at thousands of calls a second the queue
    // filled between exports and each export paid its request overhead for few spans.
    return BatchSpanProcessor.builder(exporter(otlp))
        .setExportUnsampledSpans(true)
        .setMaxQueueSize(16_384)
        .setMaxExportBatchSize(4_096)
        .build();
  }

  private static SpanExporter exporter(TracingSettings.Otlp otlp) {
    String endpoint = otlp.endpoint().toString();
    if (otlp.protocol().equals("grpc")) {
      OtlpGrpcSpanExporterBuilder grpc =
          OtlpGrpcSpanExporter.builder()
              .setEndpoint(endpoint)
              .setTimeout(otlp.timeout())
              .setMemoryMode(MemoryMode.REUSABLE_DATA);
      otlp.headers().forEach(grpc::addHeader);
      return grpc.build();
    }
    // OTLP/HTTP posts to <endpoint>/v1/traces, as the OTEL_EXPORTER_OTLP_ENDPOINT convention says.
    String traces = endpoint.endsWith("/v1/traces") ? endpoint : strip(endpoint) + "/v1/traces";
    OtlpHttpSpanExporterBuilder http =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(traces)
            .setTimeout(otlp.timeout())
            // one marshaler reused batch after batch instead of a tree of them per batch (the
            // batch processor exports one batch at a time, which this mode requires)
            .setMemoryMode(MemoryMode.REUSABLE_DATA);
    otlp.headers().forEach(http::addHeader);
    return http.build();
  }

  private static String strip(String endpoint) {
    return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
  }
}

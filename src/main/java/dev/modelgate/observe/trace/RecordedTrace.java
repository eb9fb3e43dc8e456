package dev.modelgate.observe.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One finished trace as the gateway saw it: what the admin API searches by (request id, key id,
 * model, status) and every span, in start order.
 */
public record RecordedTrace(
    String traceId,
    @Nullable String requestId,
    @Nullable String keyId,
    @Nullable String model,
    long status,
    List<SpanData> spans) {

  public RecordedTrace {
    spans = List.copyOf(spans);
  }

  static RecordedTrace of(SpanData root, List<SpanData> spans) {
    List<SpanData> ordered =
        spans.stream().sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
    Long status = root.getAttributes().get(RequestTrace.STATUS);
    return new RecordedTrace(
        root.getTraceId(),
        attribute(root, RequestTrace.REQUEST_ID),
        attribute(root, RequestTrace.KEY_ID),
        attribute(root, GenAiAttributes.REQUEST_MODEL),
        status == null ? 0 : status,
        ordered);
  }

  private static @Nullable String attribute(SpanData span, AttributeKey<String> key) {
    return span.getAttributes().get(key);
  }
}

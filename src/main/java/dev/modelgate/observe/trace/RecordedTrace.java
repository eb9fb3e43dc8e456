package dev.modelgate.observe.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One finished trace as the gateway saw it: what the admin API searches by (request id, key id,
 * model, status) and its spans. The ended spans are kept as they are and copied into {@link
 * SpanData} only when read, so a request does not pay for a trace nobody looks at.
 */
public final class RecordedTrace {
  private final ReadableSpan root;
  private final List<ReadableSpan> ended;

  RecordedTrace(ReadableSpan root, List<ReadableSpan> ended) {
    this.root = root;
    this.ended = List.copyOf(ended);
  }

  public String traceId() {
    return root.getSpanContext().getTraceId();
  }

  public @Nullable String requestId() {
    return attribute(RequestTrace.REQUEST_ID);
  }

  public @Nullable String keyId() {
    return attribute(RequestTrace.KEY_ID);
  }

  public @Nullable String model() {
    return attribute(GenAiAttributes.REQUEST_MODEL);
  }

  public long status() {
    Long status = root.getAttribute(RequestTrace.STATUS);
    return status == null ? 0 : status;
  }

  /** Every span of the trace, in start order. */
  public List<SpanData> spans() {
    return ended.stream()
        .map(ReadableSpan::toSpanData)
        .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
        .toList();
  }

  private @Nullable String attribute(AttributeKey<String> key) {
    return root.getAttribute(key);
  }
}

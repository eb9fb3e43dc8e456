package dev.modelgate.observe.trace;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One finished trace as the gateway saw it: what the admin API searches by (request id, key id,
 * model, status) and its spans. The spans stay as recorded and become OpenTelemetry {@link
 * SpanData} only when exported or read, so a request does not pay for a trace nobody looks at.
 */
public final class RecordedTrace {
  private final TraceIds ids;
  private final SpanRecord root;
  private final List<SpanRecord> records;
  private final long epochAnchor;
  private final Resource resource;

  /**
   * {@code records} holds every span, {@code root} among them; their {@link System#nanoTime} times
   * become epoch times through {@code epochAnchor}, the epoch nanoseconds at the root's start.
   */
  RecordedTrace(
      TraceIds ids,
      SpanRecord root,
      List<SpanRecord> records,
      long epochAnchor,
      Resource resource) {
    this.ids = ids;
    this.root = root;
    this.records = records;
    this.epochAnchor = epochAnchor;
    this.resource = resource;
  }

  public String traceId() {
    return ids.traceId();
  }

  public @Nullable String requestId() {
    return root.attribute(RequestTrace.REQUEST_ID);
  }

  public @Nullable String keyId() {
    return root.attribute(RequestTrace.KEY_ID);
  }

  public @Nullable String model() {
    return root.attribute(GenAiAttributes.REQUEST_MODEL);
  }

  public long status() {
    Long status = root.attribute(RequestTrace.STATUS);
    return status == null ? 0 : status;
  }

  boolean sampled() {
    return ids.sampled();
  }

  /** Every span of the trace, in start order. */
  public List<SpanData> spans() {
    List<SpanData> spans = new ArrayList<>(finished());
    spans.sort(Comparator.comparingLong(SpanData::getStartEpochNanos));
    return spans;
  }

  /**
   * Every span of the trace in the SDK's types, the server span last: an exporter that has the
   * server span has the whole trace.
   */
  List<RecordedSpan> finished() {
    SpanContext rootContext = ids.context(root.spanId);
    List<RecordedSpan> spans = new ArrayList<>(records.size());
    for (SpanRecord record : records) {
      if (record != root) {
        spans.add(span(record, ids.context(record.spanId), rootContext));
      }
    }
    spans.add(span(root, rootContext, ids.parent()));
    return spans;
  }

  private RecordedSpan span(SpanRecord record, SpanContext context, SpanContext parent) {
    return new RecordedSpan(
        record.name(),
        record.kind,
        context,
        parent,
        record.status,
        epoch(record.start),
        epoch(record.end),
        record.attributes(),
        record.firstToken < 0
            ? List.of()
            : List.of(
                EventData.create(epoch(record.firstToken), "first_token", Attributes.empty())),
        resource);
  }

  private long epoch(long nanoTime) {
    return epochAnchor + (nanoTime - root.start);
  }
}

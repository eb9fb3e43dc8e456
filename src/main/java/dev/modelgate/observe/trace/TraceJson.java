package dev.modelgate.observe.trace;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;

/**
 * A recorded trace as the admin API shows it: ids, timings in microseconds from the trace's start
 * (enough to draw a waterfall), kind, status and attributes of each span.
 */
public final class TraceJson {
  private TraceJson() {}

  public static ObjectNode of(RecordedTrace trace) {
    ObjectNode node = Json.object().put("object", "trace").put("trace_id", trace.traceId());
    node.put("request_id", trace.requestId()).put("key_id", trace.keyId());
    node.put("model", trace.model()).put("status", trace.status());
    List<SpanData> all = trace.spans();
    long start = all.isEmpty() ? 0 : all.getFirst().getStartEpochNanos();
    var spans = node.putArray("spans");
    for (SpanData span : all) {
      ObjectNode s = spans.addObject();
      s.put("span_id", span.getSpanId());
      s.put(
          "parent_span_id", span.getParentSpanContext().isValid() ? span.getParentSpanId() : null);
      s.put("name", span.getName()).put("kind", span.getKind().name());
      s.put("start_us", (span.getStartEpochNanos() - start) / 1000);
      s.put("duration_us", (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1000);
      s.put("status", span.getStatus().getStatusCode().name());
      ObjectNode attributes = s.putObject("attributes");
      span.getAttributes().forEach((key, value) -> attributes.put(key.getKey(), value.toString()));
      var events = s.putArray("events");
      for (EventData event : span.getEvents()) {
        events
            .addObject()
            .put("name", event.getName())
            .put("at_us", (event.getEpochNanos() - start) / 1000);
      }
    }
    return node;
  }
}

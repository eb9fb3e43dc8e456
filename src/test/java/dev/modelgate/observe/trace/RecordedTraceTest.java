package dev.modelgate.observe.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordedTraceTest {
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final SpanContext CALLER =
      SpanContext.createFromRemoteParent(
          TRACE_ID, "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());

  @Test
  void recordedSpansBecomeSdkSpansWithTheirParentsTimesAndLastValues() {
    TraceIds ids = new TraceIds(TRACE_ID, CALLER, TraceFlags.getSampled(), TraceState.getDefault());
    SpanRecord root =
        new SpanRecord("POST", "/v1/chat/completions", SpanKind.SERVER, 0x11, 1_000, 1);
    root.put(RequestTrace.REQUEST_ID, "req-1").put(RequestTrace.STATUS, 200L);
    root.put(RequestTrace.STATUS, 502L);
    SpanRecord attempt = new SpanRecord("chat", "m", SpanKind.CLIENT, 0x22, 3_000, 0);
    attempt.firstToken = 5_000;
    attempt.end("UpstreamUnavailable");
    attempt.end = 7_000;
    root.end = 9_000;
    RecordedTrace trace =
        new RecordedTrace(
            ids, root, List.of(root, attempt), 1_700_000_000_000_000_000L, Resource.empty());

    List<SpanData> spans = trace.spans();

    assertThat(trace.finished())
        .as("exported children first, so a trace whose server span arrived is whole")
        .extracting(RecordedSpan::getKind)
        .containsExactly(SpanKind.CLIENT, SpanKind.SERVER);

    assertThat(spans)
        .extracting(SpanData::getName)
        .containsExactly("POST /v1/chat/completions", "chat m");
    SpanData server = spans.get(0);
    SpanData client = spans.get(1);
    assertThat(server.getSpanId()).isEqualTo("0000000000000011");
    assertThat(server.getParentSpanContext()).isEqualTo(CALLER);
    assertThat(client.getParentSpanId()).isEqualTo("0000000000000011");
    assertThat(client.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(client.getSpanContext().isSampled()).isTrue();
    assertThat(server.getStartEpochNanos()).isEqualTo(1_700_000_000_000_000_000L);
    assertThat(client.getStartEpochNanos() - server.getStartEpochNanos()).isEqualTo(2_000);
    assertThat(client.getEndEpochNanos() - client.getStartEpochNanos()).isEqualTo(4_000);
    assertThat(client.getEvents())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getName()).isEqualTo("first_token");
              assertThat(e.getEpochNanos() - server.getStartEpochNanos()).isEqualTo(4_000);
            });
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(client.getStatus().getDescription()).isEqualTo("UpstreamUnavailable");
    assertThat(client.getAttributes().get(GenAiAttributes.ERROR_TYPE))
        .isEqualTo("UpstreamUnavailable");
    assertThat(server.getAttributes().get(RequestTrace.STATUS))
        .as("a key set twice keeps its last value")
        .isEqualTo(502L);
    assertThat(server.getAttributes().size()).isEqualTo(2);
    assertThat(trace.status()).isEqualTo(502);
    assertThat(trace.requestId()).isEqualTo("req-1");
  }

  @Test
  void aSpanEndsOnceAndItsFirstEndDecides() {
    SpanRecord span = new SpanRecord("route", null, SpanKind.INTERNAL, 1, 10, 1);
    span.end(null);
    long ended = span.end;
    span.end("Internal");
    assertThat(span.end).isEqualTo(ended);
    assertThat(span.status.getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.attribute(GenAiAttributes.ERROR_TYPE)).isNull();
  }
}

package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.observe.trace.RecordedTrace;
import dev.modelgate.testkit.Await;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;

/**
 * The same requests and span trees as {@link TracingEndToEndTest}, from traces the sampler leaves
 * out (sample_ratio 0, the client's traceparent unsampled): they are recorded all the same and kept
 * in the recent traces with the same ids, parents, timings and attributes, the unsampled flag goes
 * on to each upstream with the attempt span's id, and a trace is exported whole only when one of
 * its spans failed (keep_errors).
 */
class UnsampledTracingEndToEndTest extends TracingEndToEndTest {
  @Override
  String sampleRatio() {
    return "0.0";
  }

  @Override
  String flags() {
    return "00";
  }

  @Override
  List<SpanData> trace(String requestId) {
    Await.until(() -> !recent(requestId).isEmpty(), "the trace is among the recent ones");
    List<SpanData> kept = recent(requestId).getFirst().spans();
    boolean failed =
        kept.stream().anyMatch(span -> span.getStatus().getStatusCode() == StatusCode.ERROR);
    if (failed) {
      assertThat(exported())
          .as("a trace with a failed span is exported whole")
          .extracting(SpanData::getSpanId)
          .containsExactlyInAnyOrderElementsOf(kept.stream().map(SpanData::getSpanId).toList());
    } else {
      assertThat(spans.getFinishedSpanItems()).as("an unsampled trace that went well").isEmpty();
    }
    assertThat(kept).allMatch(span -> !span.getSpanContext().isSampled());
    return kept;
  }

  private List<RecordedTrace> recent(String requestId) {
    return gateway.gateway().tracing().recent().find(t -> requestId.equals(t.requestId()), 1);
  }
}

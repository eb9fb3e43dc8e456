package dev.modelgate.observe.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.auth.Principal;
import dev.modelgate.error.Internal;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which finished traces are exported and kept, without a server: the front door's calls alone. */
class RequestTraceTest {
  private final InMemorySpanExporter exported = InMemorySpanExporter.create();

  private GatewayTracing tracing(double ratio, boolean keepErrors) {
    GatewayTracing tracing =
        GatewayTracing.start(
            new TracingSettings(
                true, "test", ratio, keepErrors, List.of("tracecontext"), 10, false, null),
            text -> text);
    tracing.exportTo(exported);
    return tracing;
  }

  private static RequestTrace begin(GatewayTracing tracing, String requestId) {
    RequestTrace trace = tracing.begin(requestId, "POST", "/v1/chat/completions", h -> null);
    trace.step("authenticate");
    return trace;
  }

  @Test
  void aFinishedTraceIsExportedAndKeptOnceAndNothingLaterChangesIt() {
    GatewayTracing tracing = tracing(1.0, false);
    RequestTrace trace = begin(tracing, "req-twice");

    trace.finish(200, null, null);
    trace.finish(500, null, new Internal("late", null));
    trace.step("late");
    trace.authenticated(new Principal("key-1", "late", List.of("*")));

    assertThat(exported.getFinishedSpanItems())
        .extracting(SpanData::getName)
        .containsExactlyInAnyOrder("authenticate", "POST /v1/chat/completions");
    assertThat(tracing.recent().find(t -> true, 10))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.requestId()).isEqualTo("req-twice");
              assertThat(t.status()).isEqualTo(200);
            });
  }

  @Test
  void anUnsampledTraceIsKeptInMemoryButNotExported() {
    GatewayTracing tracing = tracing(0.0, false);

    begin(tracing, "req-unsampled").finish(502, null, new Internal("boom", null));

    assertThat(exported.getFinishedSpanItems()).isEmpty();
    assertThat(tracing.recent().find(t -> "req-unsampled".equals(t.requestId()), 1))
        .singleElement()
        .satisfies(t -> assertThat(t.spans()).hasSize(2));
  }

  @Test
  void withKeepErrorsOnlyTheUnsampledTraceThatFailedIsExported() {
    GatewayTracing tracing = tracing(0.0, true);

    begin(tracing, "req-ok").finish(200, null, null);
    begin(tracing, "req-failed").finish(502, null, new Internal("boom", null));

    assertThat(exported.getFinishedSpanItems())
        .allSatisfy(span -> assertThat(span.getSpanContext().isSampled()).isFalse())
        .filteredOn(span -> span.getKind() == SpanKind.SERVER)
        .singleElement()
        .satisfies(
            span ->
                assertThat(span.getAttributes().asMap())
                    .containsAllEntriesOf(
                        Map.of(
                            RequestTrace.REQUEST_ID, "req-failed",
                            GenAiAttributes.ERROR_TYPE, "Internal")));
  }
}

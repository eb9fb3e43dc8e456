package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.codec.Json;
import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Traces of real requests through the gateway, read from an in-memory exporter: the span tree of a
 * call that is retried and then falls back to another model, the client's traceparent as the
 * parent, the attempt span's id in the traceparent each upstream receives, and the admin API's
 * trace view.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TracingEndToEndTest {
  private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CLIENT_SPAN = "00f067aa0ba902b7";
  private static final String DOWN =
      "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";

  final AtomicBoolean primaryDown = new AtomicBoolean(true);
  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  FakeUpstream primary;
  FakeUpstream backup;
  TestGateway gateway;

  @BeforeAll
  void start() {
    primary =
        FakeUpstream.start()
            .respond(
                r ->
                    primaryDown.get()
                        ? FakeResponse.json(500, DOWN)
                        : OpenAiUpstreamScript.answer(r));
    backup =
        FakeUpstream.start()
            .respond(
                r -> FakeResponse.json(200, OpenAiUpstreamScript.completion("small", "backup")));
    gateway =
        TestGateway.start(
            TestGateway.authBlock()
                + """
                admin:
                  port: 0
                  tokens: [{name: ops, hash: %s, role: viewer}]
                observability:
                  tracing:
                    enabled: true
                    sample_ratio: %s
                upstreams:
                  - {name: primary, type: openai, base_url: %s}
                  - {name: backup, type: openai, base_url: %s}
                routes:
                  - model: main
                    targets: [{upstream: primary, model: big}]
                    retry: {attempts: 2, backoff: 1ms}
                    fallback: {order: [models], models: [mini]}
                  - model: mini
                    targets: [{upstream: backup, model: small}]
                """
                    .formatted(
                        ApiKeys.hash(VirtualKeyEndToEndTest.ADMIN_TOKEN),
                        sampleRatio(),
                        primary.baseUrl(),
                        backup.baseUrl()));
    gateway.gateway().tracing().exportTo(spans);
  }

  @AfterAll
  void stop() {
    gateway.close();
    primary.close();
    backup.close();
  }

  @BeforeEach
  void clear() {
    spans.reset();
    primary.reset();
    backup.reset();
    primaryDown.set(true);
  }

  static String chat(String model) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }

  /** The gateway's sample_ratio: everything, so every trace is recorded and exported by the SDK. */
  String sampleRatio() {
    return "1.0";
  }

  /** The trace flags of the client's traceparent (and so of every upstream's): sampled. */
  String flags() {
    return "01";
  }

  /** The spans of the trace of request {@code requestId}, once its server span ended. */
  List<SpanData> trace(String requestId) {
    List<SpanData> exported = exported();
    assertThat(exported)
        .filteredOn(s -> s.getKind() == SpanKind.SERVER)
        .extracting(s -> s.getAttributes().get(AttributeKey.stringKey("modelgate.request_id")))
        .containsExactly(requestId);
    return exported;
  }

  /** What reached the exporter, once a server span did. */
  List<SpanData> exported() {
    Await.until(
        () -> spans.getFinishedSpanItems().stream().anyMatch(s -> s.getKind() == SpanKind.SERVER),
        "the server span is exported");
    return spans.getFinishedSpanItems();
  }

  static SpanData named(List<SpanData> trace, String name) {
    return trace.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  static List<SpanData> attempts(List<SpanData> trace) {
    return trace.stream()
        .filter(s -> s.getKind() == SpanKind.CLIENT)
        .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()))
        .toList();
  }

  @Test
  void aRetriedCallThatFallsBackHasOneClientSpanPerAttemptUnderTheServerSpan() {
    var answer =
        HttpProbe.post(
            gateway.baseUrl() + "/v1/chat/completions",
            TestGateway.KEY,
            chat("main"),
            Map.of("traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-" + flags()));
    assertThat(answer.status()).isEqualTo(200);
    List<SpanData> trace = trace(answer.header("x-request-id"));

    SpanData root = trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().get();
    // The client's traceparent is the parent: same trace, its span as the remote parent.
    assertThat(root.getTraceId()).isEqualTo(CLIENT_TRACE);
    assertThat(root.getParentSpanId()).isEqualTo(CLIENT_SPAN);
    assertThat(root.getParentSpanContext().isRemote()).isTrue();
    assertThat(root.getName()).isEqualTo("POST /v1/chat/completions");
    assertThat(root.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")))
        .isEqualTo("main");
    assertThat(root.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
        .isEqualTo(200L);
    assertThat(root.getAttributes().get(AttributeKey.stringKey("modelgate.fallback")))
        .isEqualTo("models");
    assertThat(root.getAttributes().get(AttributeKey.stringKey("modelgate.request_id")))
        .isEqualTo(answer.header("x-request-id"));

    for (SpanData span : trace) {
      assertThat(span.getTraceId()).isEqualTo(CLIENT_TRACE);
      if (span != root) {
        assertThat(span.getParentSpanId()).as(span.getName()).isEqualTo(root.getSpanId());
        assertThat(span.getStartEpochNanos()).isGreaterThanOrEqualTo(root.getStartEpochNanos());
        assertThat(span.getEndEpochNanos()).isLessThanOrEqualTo(root.getEndEpochNanos());
      }
    }
    SpanData authenticate = named(trace, "authenticate");
    SpanData route = named(trace, "route");
    assertThat(authenticate.getEndEpochNanos()).isLessThanOrEqualTo(route.getStartEpochNanos());
    assertThat(
            named(trace, "policy fallback")
                .getAttributes()
                .get(AttributeKey.stringKey("modelgate.decision")))
        .isEqualTo("models");

    List<SpanData> attempts = attempts(trace);
    assertThat(attempts).hasSize(3);
    assertThat(attempts)
        .extracting(s -> s.getAttributes().get(AttributeKey.stringKey("modelgate.target")))
        .containsExactly("primary/big", "primary/big", "backup/small");
    assertThat(attempts)
        .extracting(s -> s.getAttributes().get(AttributeKey.longKey("modelgate.attempt")))
        .containsExactly(1L, 2L, 3L);
    assertThat(attempts)
        .extracting(s -> s.getStatus().getStatusCode())
        .containsExactly(StatusCode.ERROR, StatusCode.ERROR, StatusCode.UNSET);
    assertThat(attempts.get(0).getEndEpochNanos())
        .isLessThanOrEqualTo(attempts.get(1).getStartEpochNanos());
    assertThat(attempts.get(1).getEndEpochNanos())
        .isLessThanOrEqualTo(attempts.get(2).getStartEpochNanos());
    SpanData answered = attempts.get(2);
    assertThat(answered.getName()).isEqualTo("chat small");
    assertThat(answered.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name")))
        .isEqualTo("chat");
    assertThat(answered.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name")))
        .isEqualTo("openai");
    assertThat(answered.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")))
        .isEqualTo("small");
    assertThat(answered.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model")))
        .isEqualTo("small");
    assertThat(answered.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")))
        .isNotNull();
    assertThat(answered.getAttributes().get(AttributeKey.longKey("modelgate.ttft_ms"))).isNotNull();
    assertThat(attempts.get(0).getAttributes().get(AttributeKey.stringKey("error.type")))
        .isNotBlank();

    // Each upstream request carried the traceparent of its own attempt span.
    assertThat(primary.requests()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(primary.requests().get(i).header("traceparent"))
          .isEqualTo("00-" + CLIENT_TRACE + "-" + attempts.get(i).getSpanId() + "-" + flags());
    }
    assertThat(backup.lastRequest().header("traceparent"))
        .isEqualTo("00-" + CLIENT_TRACE + "-" + answered.getSpanId() + "-" + flags());
  }

  @Test
  void aCallWithoutTraceparentStartsItsOwnTraceAndTheAdminApiFindsItByRequestId() throws Exception {
    primaryDown.set(false);
    var answer =
        HttpProbe.post(gateway.baseUrl() + "/v1/chat/completions", TestGateway.KEY, chat("main"));
    assertThat(answer.status()).isEqualTo(200);
    List<SpanData> trace = trace(answer.header("x-request-id"));
    SpanData root = trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().get();
    assertThat(root.getParentSpanContext().isValid()).isFalse();
    assertThat(attempts(trace)).hasSize(1);

    String requestId = answer.header("x-request-id");
    var found =
        HttpProbe.get(
            gateway.adminUrl() + "/v1/traces?request_id=" + requestId,
            VirtualKeyEndToEndTest.ADMIN_TOKEN);
    assertThat(found.status()).isEqualTo(200);
    JsonNode list = Json.parse(found.body().getBytes(StandardCharsets.UTF_8));
    assertThat(list.get("data")).hasSize(1);
    JsonNode view = list.get("data").get(0);
    assertThat(view.get("trace_id").asText()).isEqualTo(root.getTraceId());
    assertThat(view.get("model").asText()).isEqualTo("main");
    assertThat(view.get("status").asInt()).isEqualTo(200);
    assertThat(view.get("spans")).hasSize(trace.size());
    assertThat(view.get("spans").get(0).get("kind").asText()).isEqualTo("SERVER");

    var none =
        HttpProbe.get(
            gateway.adminUrl() + "/v1/traces?model=main&status=500",
            VirtualKeyEndToEndTest.ADMIN_TOKEN);
    JsonNode empty = Json.parse(none.body().getBytes(StandardCharsets.UTF_8));
    assertThat(empty.get("data")).isEmpty();
  }
}

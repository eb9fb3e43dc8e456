package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.GrpcTraceCollector;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OTLP export to collector fakes on loopback that decode each protobuf request: over HTTP, the
 * spans of a request arrive with the service name and GenAI attributes, and with sampling at 0 a
 * successful trace is not exported and a failed one still is (errors are kept); over gRPC (HTTP/2
 * cleartext, through the exporter's OkHttp sender) the same spans arrive in length-prefixed frames
 * with the configured headers, and the exporter takes the collector's answer as a success.
 */
class OtlpExportTest {
  private static final String COLLECTOR_TOKEN = "Bearer otlp-collector-token-4f1c9e";
  private final List<ExportTraceServiceRequest> received = new CopyOnWriteArrayList<>();
  private HttpServer collector;

  @BeforeEach
  void startCollector() throws IOException {
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext(
        "/v1/traces",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            received.add(ExportTraceServiceRequest.parseFrom(body.readAllBytes()));
          }
          exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, 0);
          exchange.close();
        });
    collector.start();
  }

  @AfterEach
  void stopCollector() {
    collector.stop(0);
  }

  private TestGateway gateway(double ratio) {
    return gateway(ratio, "http://127.0.0.1:" + collector.getAddress().getPort(), "http");
  }

  private TestGateway gateway(double ratio, String endpoint, String protocol) {
    return TestGateway.start(
        TestGateway.authBlock()
            + """
            observability:
              tracing:
                enabled: true
                service_name: gateway-under-test
                sample_ratio: %s
                otlp:
                  endpoint: "%s"
                  protocol: %s
                  timeout: 5s
                  headers: {authorization: "%s"}
            upstreams:
              - {name: offline, type: echo}
              - {name: closed, type: openai, base_url: "http://127.0.0.1:1"}
            routes:
              - {model: echo, targets: [{upstream: offline}]}
              - {model: broken, targets: [{upstream: closed}]}
            """
                .formatted(ratio, endpoint, protocol, COLLECTOR_TOKEN));
  }

  private List<Span> spans() {
    return spans(received);
  }

  private static List<Span> spans(List<ExportTraceServiceRequest> received) {
    return received.stream()
        .flatMap(r -> r.getResourceSpansList().stream())
        .flatMap(r -> r.getScopeSpansList().stream())
        .flatMap(s -> s.getSpansList().stream())
        .toList();
  }

  private static String attribute(Span span, String key) {
    return span.getAttributesList().stream()
        .filter(kv -> kv.getKey().equals(key))
        .map(KeyValue::getValue)
        .map(v -> v.hasStringValue() ? v.getStringValue() : String.valueOf(v.getIntValue()))
        .findFirst()
        .orElse("");
  }

  @Test
  void aRequestsSpansArriveDecodedWithServiceNameAndGenAiAttributes() {
    try (TestGateway gateway = gateway(1.0)) {
      chatOnce(gateway);
    } // closing flushes the batch
    assertOneRequestsSpans(received);
  }

  @Test
  void overGrpcTheSpansArriveInFramesWithTheHeadersAndTheExporterSeesSuccess() {
    List<LogRecord> exporterLog = new CopyOnWriteArrayList<>();
    Logger otel = Logger.getLogger("io.opentelemetry");
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            exporterLog.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    otel.addHandler(capture);
    try (GrpcTraceCollector grpc = GrpcTraceCollector.start()) {
      try (TestGateway gateway = gateway(1.0, grpc.endpoint(), "grpc")) {
        chatOnce(gateway);
      }
      assertOneRequestsSpans(grpc.received());
      GrpcTraceCollector.Call call = grpc.calls().getFirst();
      assertThat(call.protocolVersion()).isEqualTo("2.0");
      assertThat(call.contentType()).isEqualTo("application/grpc");
      assertThat(call.headers()).containsEntry("te", "trailers");
      assertThat(call.headers()).containsEntry("authorization", COLLECTOR_TOKEN);
    } finally {
      otel.removeHandler(capture);
    }
    // A missing grpc-status or a refused call would be logged by the exporter as a failure.
    List<String> warnings =
        exporterLog.stream()
            .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
            .map(r -> r.getLoggerName() + ": " + r.getMessage() + " " + r.getThrown())
            .toList();
    assertThat(warnings).isEmpty();
    assertThat(exporterLog)
        .noneMatch(r -> String.valueOf(r.getMessage()).contains(COLLECTOR_TOKEN));
  }

  private static void chatOnce(TestGateway gateway) {
    gateway.chat("echo");
  }

  /** The spans of one echo request: service name, server and client span, GenAI attributes. */
  private static void assertOneRequestsSpans(List<ExportTraceServiceRequest> received) {
    Await.until(() -> spans(received).size() >= 4, "the spans reach the collector");
    List<Span> spans = spans(received);
    assertThat(received.getFirst().getResourceSpans(0).getResource().getAttributesList())
        .anyMatch(
            kv ->
                kv.getKey().equals("service.name")
                    && kv.getValue().getStringValue().equals("gateway-under-test"));
    Span server =
        spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst().get();
    Span client =
        spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).findFirst().get();
    assertThat(attribute(server, "gen_ai.request.model")).isEqualTo("echo");
    assertThat(attribute(server, "http.response.status_code")).isEqualTo("200");
    assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(client.getTraceId()).isEqualTo(server.getTraceId());
    assertThat(attribute(client, "gen_ai.operation.name")).isEqualTo("chat");
    assertThat(attribute(client, "gen_ai.provider.name")).isEqualTo("echo");
    assertThat(spans).extracting(Span::getName).contains("authenticate", "route");
  }

  @Test
  void withSamplingOffOnlyAFailedTraceIsExported() {
    String requestId;
    try (TestGateway gateway = gateway(0.0)) {
      String url = gateway.baseUrl() + "/v1/chat/completions";
      String ok = "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
      assertThat(HttpProbe.post(url, TestGateway.KEY, ok).status()).isEqualTo(200);
      // Nothing listens on port 1: the call fails in the gateway with a 5xx.
      var failed = HttpProbe.post(url, TestGateway.KEY, ok.replace("echo", "broken"));
      assertThat(failed.status()).isGreaterThanOrEqualTo(500);
      requestId = failed.header("x-request-id");
    }
    Await.until(() -> !spans().isEmpty(), "the failed trace reaches the collector");
    List<Span> servers =
        spans().stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).toList();
    assertThat(servers).hasSize(1);
    assertThat(attribute(servers.getFirst(), "modelgate.request_id")).isEqualTo(requestId);
    assertThat(spans()).allMatch(s -> s.getTraceId().equals(servers.getFirst().getTraceId()));
    assertThat(spans()).anyMatch(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT);
  }
}

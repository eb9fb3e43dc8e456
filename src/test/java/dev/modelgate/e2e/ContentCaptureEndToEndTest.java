package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Prompt and completion text on the server span: only with {@code capture_content: true}, and then
 * masked by the guardrails' PII rules, for a complete answer and for a stream whose card number
 * arrives split across events; with the default settings neither is on any span.
 */
class ContentCaptureEndToEndTest {
  private static final AttributeKey<String> INPUT = AttributeKey.stringKey("gen_ai.input.messages");
  private static final AttributeKey<String> OUTPUT =
      AttributeKey.stringKey("gen_ai.output.messages");
  private static final String EMAIL = "ada@example.com";
  private static final String CARD = "4111 1111 1111 1111";
  private static final String PROMPT = "mail " + EMAIL + " card " + CARD;

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private FakeUpstream upstream;

  @BeforeEach
  void start() {
    upstream = FakeUpstream.start().respond(OpenAiUpstreamScript::answer);
  }

  @AfterEach
  void stop() {
    upstream.close();
  }

  private TestGateway gateway(String captureLine) {
    TestGateway gateway =
        TestGateway.start(
            TestGateway.authBlock()
                + """
                observability:
                  tracing:
                    enabled: true
                    sample_ratio: 1.0
                    %s
                upstreams:
                  - {name: openai, type: openai, base_url: %s}
                routes:
                  - {model: chat, targets: [{upstream: openai, model: gpt-test}]}
                """
                    .formatted(captureLine, upstream.baseUrl()));
    gateway.gateway().tracing().exportTo(spans);
    return gateway;
  }

  /** The server span of the one request sent, once it ended. */
  private SpanData serverSpanOf(TestGateway gateway, boolean stream) {
    spans.reset();
    var answer =
        HttpProbe.post(
            gateway.baseUrl() + "/v1/chat/completions",
            TestGateway.KEY,
            "{\"model\":\"chat\",\"stream\":"
                + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + PROMPT
                + "\"}]}");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).contains(EMAIL); // the client's answer is not masked: only spans
    Await.until(
        () -> spans.getFinishedSpanItems().stream().anyMatch(s -> s.getKind() == SpanKind.SERVER),
        "the server span ends");
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == SpanKind.SERVER)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void withCaptureOnPromptAndCompletionAreOnTheServerSpanMasked() {
    try (TestGateway gateway = gateway("capture_content: true")) {
      for (boolean stream : List.of(false, true)) {
        SpanData server = serverSpanOf(gateway, stream);
        String input = server.getAttributes().get(INPUT);
        String output = server.getAttributes().get(OUTPUT);
        assertThat(input).as("prompt, stream=" + stream).contains("mail [EMAIL] card [BANK_CARD]");
        assertThat(output)
            .as("completion, stream=" + stream)
            .isEqualTo("echo: mail [EMAIL] card [BANK_CARD]");
        for (SpanData span : spans.getFinishedSpanItems()) {
          assertThat(span.getAttributes().toString()).doesNotContain(EMAIL, CARD);
        }
      }
    }
  }

  @Test
  void byDefaultNoContentIsOnAnySpan() {
    try (TestGateway gateway = gateway("keep_errors: true")) {
      for (boolean stream : List.of(false, true)) {
        serverSpanOf(gateway, stream);
        for (SpanData span : spans.getFinishedSpanItems()) {
          assertThat(span.getAttributes().get(INPUT)).isNull();
          assertThat(span.getAttributes().get(OUTPUT)).isNull();
          assertThat(span.getAttributes().toString()).doesNotContain("ada@", "4111");
        }
      }
    }
  }
}

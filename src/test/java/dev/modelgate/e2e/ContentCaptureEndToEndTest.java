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
 * masked by the guardrails' rules (every kind of personal data, every profile's keywords and
 * patterns), for a complete answer and for a stream whose card number arrives split across events;
 * with the default settings neither is on any span.
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
    TestGateway gateway = TestGateway.start(yaml(captureLine, ""));
    gateway.gateway().tracing().exportTo(spans);
    return gateway;
  }

  private String yaml(String captureLine, String keywords) {
    return TestGateway.authBlock()
        + """
        observability:
          tracing:
            enabled: true
            sample_ratio: 1.0
            %s
        guardrails:
          profiles:
            confidential:
              input: {patterns: ["ACME-[0-9]{4}"]}
              output: {keywords: [%s]}
        upstreams:
          - {name: openai, type: openai, base_url: %s}
        routes:
          - {model: chat, targets: [{upstream: openai, model: gpt-test}]}
          - {model: other, targets: [{upstream: openai, model: gpt-test}], guardrails: [confidential]}
        """
            .formatted(captureLine, keywords, upstream.baseUrl());
  }

  /** The server span of the one request sent, once it ended. */
  private SpanData serverSpanOf(TestGateway gateway, boolean stream) {
    return serverSpanOf(gateway, stream, PROMPT);
  }

  private SpanData serverSpanOf(TestGateway gateway, boolean stream, String prompt) {
    spans.reset();
    var answer =
        HttpProbe.post(
            gateway.baseUrl() + "/v1/chat/completions",
            TestGateway.KEY,
            "{\"model\":\"chat\",\"stream\":"
                + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + prompt
                + "\"}]}");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).contains(prompt.split(" ")[1]); // only spans are masked
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

  /**
   * The configured guardrails' keywords and patterns mask captured text too, whichever route their
   * profile belongs to (this route has none, so the call is not blocked), and a reload that adds a
   * keyword masks it from the next call on.
   */
  @Test
  void capturedTextIsMaskedByEveryGuardrailKeywordAndPatternFollowingReloads() {
    String prompt = "about ACME-1234 and Project Falcon and Blue Heron, mail " + EMAIL;
    try (TestGateway gateway = TestGateway.start(yaml("capture_content: true", "project falcon"))) {
      gateway.gateway().tracing().exportTo(spans);
      for (boolean stream : List.of(false, true)) {
        SpanData server = serverSpanOf(gateway, stream, prompt);
        assertThat(server.getAttributes().get(INPUT))
            .as("prompt, stream=" + stream)
            .contains("about [REDACTED] and [REDACTED] and Blue Heron, mail [EMAIL]");
        assertThat(server.getAttributes().get(OUTPUT))
            .as("completion, stream=" + stream)
            .isEqualTo("echo: about [REDACTED] and [REDACTED] and Blue Heron, mail [EMAIL]");
      }

      gateway.rewrite(yaml("capture_content: true", "project falcon, blue heron"));
      Await.until(
          () ->
              gateway
                  .gateway()
                  .runtime()
                  .get()
                  .config()
                  .checks()
                  .everyRule()
                  .keywords()
                  .contains("blue heron"),
          "the reload is in force");
      SpanData server = serverSpanOf(gateway, false, prompt);
      assertThat(server.getAttributes().get(OUTPUT))
          .isEqualTo("echo: about [REDACTED] and [REDACTED] and [REDACTED], mail [EMAIL]");
      for (SpanData span : spans.getFinishedSpanItems()) {
        assertThat(span.getAttributes().toString()).doesNotContain("ACME-1234", "Falcon", "Heron");
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

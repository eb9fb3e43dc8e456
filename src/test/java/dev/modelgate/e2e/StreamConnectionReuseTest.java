package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stream that ended as its protocol ends ({@code [DONE]}, {@code message_stop}) leaves its
 * upstream connection in the pool for the next call, as a whole JSON answer does; one whose
 * upstream keeps the body open after the end is closed, without holding the client.
 */
class StreamConnectionReuseTest {
  private static final String STREAM =
      "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String CHUNK =
      "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"up\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hello\"},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
  private static final String ANTHROPIC_STREAM =
      "{\"model\":\"claude\",\"max_tokens\":10,\"stream\":true,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private static String config(String openAiUrl, int anthropicPort) {
    return TestGateway.authBlock()
        + """
        upstreams:
          - name: up
            type: openai
            dialect: vllm
            base_url: %s
          - name: claude
            type: anthropic
            base_url: http://127.0.0.1:%d
            api_key: sk-ant
        routes:
          - model: m
            targets: [{upstream: up, model: up}]
          - model: claude
            targets: [{upstream: claude, model: claude-up}]
        """
            .formatted(openAiUrl, anthropicPort);
  }

  @Test
  void consecutiveStreamsShareOneUpstreamConnection() {
    try (FakeUpstream openai = FakeUpstream.start().respond(OpenAiUpstreamScript::answer);
        FakeUpstream claude = FakeUpstream.start().respond(AnthropicUpstreamScript::answer);
        TestGateway gateway = TestGateway.start(config(openai.baseUrl(), claude.port()))) {
      for (int i = 0; i < 5; i++) {
        HttpProbe.Result openAiStream =
            HttpProbe.post(gateway.baseUrl() + "/v1/chat/completions", TestGateway.KEY, STREAM);
        assertThat(openAiStream.status()).isEqualTo(200);
        assertThat(openAiStream.body()).contains("echo").contains("data: [DONE]");
        HttpProbe.Result anthropicStream =
            HttpProbe.post(gateway.baseUrl() + "/v1/messages", TestGateway.KEY, ANTHROPIC_STREAM);
        assertThat(anthropicStream.status()).isEqualTo(200);
        assertThat(anthropicStream.body()).contains("hi").contains("message_stop");
      }
      assertThat(openai.acceptedConnections()).isEqualTo(1);
      assertThat(claude.acceptedConnections()).isEqualTo(1);
    }
  }

  @Test
  void anUpstreamThatKeepsTheBodyOpenAfterTheEndLosesItsConnection() throws Exception {
    List<byte[]> parts =
        List.of(
            ("data: " + CHUNK + "\n\n").getBytes(StandardCharsets.UTF_8),
            "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8),
            ": still here\n\n".getBytes(StandardCharsets.UTF_8));
    try (FakeUpstream openai =
            FakeUpstream.start()
                .respond(
                    FakeResponse.raw(200, "text/event-stream", parts)
                        .withGap(Duration.ofMillis(1500)));
        TestGateway gateway = TestGateway.start(config(openai.baseUrl(), 1))) {
      long start = System.nanoTime();
      HttpProbe.Result stream =
          HttpProbe.post(gateway.baseUrl() + "/v1/chat/completions", TestGateway.KEY, STREAM);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(stream.body()).contains("hello").contains("data: [DONE]");
      // [DONE] came after one gap; the comment would have come after a second one.
      assertThat(millis).isBetween(1500L, 2900L);
      assertThat(openai.awaitCancel(Duration.ofSeconds(5))).isTrue();
    }
  }
}

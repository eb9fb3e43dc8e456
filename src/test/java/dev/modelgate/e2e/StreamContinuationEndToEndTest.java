package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelgate.testing.JsonTrees;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.TestGateway;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stream that breaks after its first chunks goes on from another target that continues the text
 * already streamed as an assistant prefix (vLLM's continue_final_message, Moonshot's partial), so
 * the OpenAI SDK client sees one whole answer and no error.
 */
class StreamContinuationEndToEndTest {
  private static String chunk(String json) {
    return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":["
        + json
        + "]}";
  }

  /** Two pieces of text, then the connection is reset. */
  static FakeResponse breaking() {
    return FakeResponse.sse(
            List.of(
                chunk(
                    "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"finish_reason\":null}"),
                chunk("{\"index\":0,\"delta\":{\"content\":\" world\"},\"finish_reason\":null}"),
                chunk("{\"index\":0,\"delta\":{\"content\":\" lost\"},\"finish_reason\":null}")))
        .resetAfter(2);
  }

  static FakeResponse continuing() {
    return FakeResponse.sse(
        List.of(
            chunk(
                "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}"),
            chunk(
                "{\"index\":0,\"delta\":{\"content\":\", how are you?\"},\"finish_reason\":null}"),
            chunk("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}"),
            "{\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":5,\"total_tokens\":25}}",
            "[DONE]"));
  }

  private static String yaml(int first, int second, String secondDialect, boolean continueStreams) {
    return TestGateway.authBlock()
        + """
        upstreams:
          - {name: first, type: openai, dialect: vllm, base_url: "http://127.0.0.1:%d/v1"}
          - {name: second, type: openai, dialect: %s, base_url: "http://127.0.0.1:%d/v1", api_key: k}
        routes:
          - model: chat
            targets: [{upstream: first, model: m1}, {upstream: second, model: m2}]
            fallback: {continue_streams: %s}
        """
            .formatted(first, secondDialect, second, continueStreams);
  }

  private static String stream(OpenAIClient client) {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream =
        client
            .chat()
            .completions()
            .createStreaming(
                ChatCompletionCreateParams.builder()
                    .model("chat")
                    .addUserMessage("Greet me")
                    .build())) {
      stream.stream()
          .forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
    }
    return text.toString();
  }

  @Test
  void vllmContinuesTheBrokenStream() {
    try (FakeUpstream first = FakeUpstream.start().respond(breaking());
        FakeUpstream second = FakeUpstream.start().respond(continuing());
        TestGateway gateway = TestGateway.start(yaml(first.port(), second.port(), "vllm", true))) {
      assertThat(stream(gateway.openAiClient())).isEqualTo("Hello world, how are you?");
      JsonNode sent = JsonTrees.tree(second.lastRequest().bodyText());
      JsonNode last = sent.path("messages").get(sent.path("messages").size() - 1);
      assertThat(last.path("role").asText()).isEqualTo("assistant");
      assertThat(last.path("content").asText()).isEqualTo("Hello world");
      assertThat(last.has("prefix")).isFalse();
      assertThat(sent.path("continue_final_message").asBoolean()).isTrue();
      assertThat(sent.path("add_generation_prompt").asBoolean(true)).isFalse();
      assertThat(sent.path("model").asText()).isEqualTo("m2");
    }
  }

  @Test
  void moonshotIsAskedForAPartialMessage() {
    try (FakeUpstream first = FakeUpstream.start().respond(breaking());
        FakeUpstream second = FakeUpstream.start().respond(continuing());
        TestGateway gateway =
            TestGateway.start(yaml(first.port(), second.port(), "moonshot", true))) {
      assertThat(stream(gateway.openAiClient())).isEqualTo("Hello world, how are you?");
      JsonNode messages = JsonTrees.tree(second.lastRequest().bodyText()).path("messages");
      assertThat(messages.get(messages.size() - 1).path("partial").asBoolean()).isTrue();
    }
  }

  @Test
  void withoutContinuationTheClientSeesTheError() {
    try (FakeUpstream first = FakeUpstream.start().respond(breaking());
        FakeUpstream second = FakeUpstream.start().respond(continuing());
        TestGateway gateway = TestGateway.start(yaml(first.port(), second.port(), "vllm", false))) {
      assertThatThrownBy(() -> stream(gateway.openAiClient())).isInstanceOf(RuntimeException.class);
      assertThat(second.requests()).isEmpty();
    }
  }

  @Test
  void aDialectWithoutPrefixContinuationIsNotUsed() {
    try (FakeUpstream first = FakeUpstream.start().respond(breaking());
        FakeUpstream second = FakeUpstream.start().respond(continuing());
        TestGateway gateway =
            TestGateway.start(yaml(first.port(), second.port(), "openai", true))) {
      assertThatThrownBy(() -> stream(gateway.openAiClient())).isInstanceOf(RuntimeException.class);
      assertThat(second.requests()).isEmpty();
    }
  }
}

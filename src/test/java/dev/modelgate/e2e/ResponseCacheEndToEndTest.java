package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.TestGateway;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The response cache through the whole gateway with the OpenAI SDK as client: an answer cached in
 * one delivery is a hit in the other, a stream assembled for a blocking client (text, tool calls,
 * usage) and a complete answer streamed to a streaming one, the upstream asked once.
 */
class ResponseCacheEndToEndTest {
  private FakeUpstream upstream;
  private TestGateway gateway;
  private OpenAIClient client;

  @BeforeEach
  void start() {
    upstream = FakeUpstream.start().respond(OpenAiUpstreamScript::answer);
    gateway =
        TestGateway.start(
            TestGateway.authBlock()
                + """
                upstreams:
                  - {name: up, type: openai, base_url: %s}
                routes:
                  - model: chat
                    targets: [{upstream: up, model: upstream-model}]
                    cache: {ttl: 5m}
                """
                    .formatted(upstream.baseUrl()));
    client = gateway.openAiClient();
  }

  @AfterEach
  void stop() {
    gateway.close();
    upstream.close();
  }

  private static ChatCompletionCreateParams chat(String text) {
    return ChatCompletionCreateParams.builder().model("chat").addUserMessage(text).build();
  }

  private record Blocking(ChatCompletion completion, List<String> cache) {}

  private Blocking ask(String text) {
    try (HttpResponseFor<ChatCompletion> response =
        client.chat().completions().withRawResponse().create(chat(text))) {
      return new Blocking(response.parse(), response.headers().values("x-modelgate-cache"));
    }
  }

  private record Streamed(List<ChatCompletionChunk> chunks, List<String> cache) {
    String text() {
      return chunks.stream()
          .flatMap(chunk -> chunk.choices().stream())
          .map(choice -> choice.delta().content().orElse(""))
          .collect(Collectors.joining());
    }
  }

  private Streamed askStreaming(String text) {
    try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> response =
            client.chat().completions().withRawResponse().createStreaming(chat(text));
        StreamResponse<ChatCompletionChunk> stream = response.parse()) {
      return new Streamed(stream.stream().toList(), response.headers().values("x-modelgate-cache"));
    }
  }

  @Test
  void aStreamedAnswerIsAHitForAClientThatDoesNotStream() {
    Streamed first = askStreaming("the quick brown fox");
    assertThat(first.cache()).containsExactly("miss");
    assertThat(first.text()).isEqualTo("echo: the quick brown fox");

    Blocking again = ask("the quick brown fox");

    assertThat(again.cache()).containsExactly("hit");
    assertThat(upstream.requests()).hasSize(1);
    var choice = again.completion().choices().getFirst();
    assertThat(choice.message().content()).hasValue("echo: the quick brown fox");
    assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(again.completion().model()).isEqualTo("chat");
    assertThat(again.completion().usage())
        .hasValueSatisfying(
            u -> {
              assertThat(u.promptTokens()).isEqualTo(7);
              assertThat(u.completionTokens()).isEqualTo(3);
            });
  }

  @Test
  void streamedToolCallsAreAssembledWithTheirArguments() {
    askStreaming("tool");

    Blocking again = ask("tool");

    assertThat(again.cache()).containsExactly("hit");
    assertThat(upstream.requests()).hasSize(1);
    var choice = again.completion().choices().getFirst();
    assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    List<ChatCompletionMessageToolCall> calls = choice.message().toolCalls().orElseThrow();
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).asFunction().id()).isEqualTo("call_a");
    assertThat(calls.get(0).asFunction().function().name()).isEqualTo("get_weather");
    assertThat(calls.get(0).asFunction().function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(calls.get(1).asFunction().function().name()).isEqualTo("get_time");
  }

  @Test
  void aCompleteAnswerIsAHitForAStreamingClient() {
    assertThat(ask("hello").cache()).containsExactly("miss");

    Streamed again = askStreaming("hello");

    assertThat(again.cache()).containsExactly("hit");
    assertThat(again.text()).isEqualTo("echo: hello");
    assertThat(upstream.requests()).hasSize(1);
  }
}

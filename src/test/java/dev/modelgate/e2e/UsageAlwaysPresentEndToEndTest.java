package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import dev.modelgate.testkit.TokenizerJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage reaches the client from upstreams that send none: Zhipu (an OpenAI dialect that ignores
 * {@code stream_options}, relayed) and Gemini (translated) answering without counts. The gateway
 * counts with the o200k tokenizer and says so; {@code include_usage} gets its usage chunk.
 */
class UsageAlwaysPresentEndToEndTest {
  private static final String GEMINI_STREAM =
      "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hello there, \"}]},\"index\":0}]}";
  private static final String GEMINI_END =
      "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"friend.\"}]},\"index\":0,\"finishReason\":\"STOP\"}]}";

  @Test
  void streamsWithoutUpstreamUsageGetAnEstimatedUsageChunk() {
    try (FakeUpstream zhipu = helloWithoutUsage();
        FakeUpstream gemini =
            FakeUpstream.start().respond(FakeResponse.sse(List.of(GEMINI_STREAM, GEMINI_END)));
        TestGateway gateway = TestGateway.start(config(zhipu.port(), gemini.port()))) {
      OpenAIClient client = gateway.openAiClient();
      for (String model : List.of("glm", "gem")) {
        CompletionUsage usage = streamedUsage(client, model);
        // "Hello there, friend." is 5 o200k tokens; the prompt 5 tokens plus 3 per message and 3.
        assertThat(usage.completionTokens()).as(model).isEqualTo(5);
        assertThat(usage.promptTokens()).as(model).isEqualTo(11);
        assertThat(usage.totalTokens()).isEqualTo(16);
        assertThat(usage._additionalProperties().get("estimated")).isEqualTo(JsonValue.from(true));
      }
      assertThat(zhipu.lastRequest().bodyText()).doesNotContain("stream_options");
    }
  }

  @Test
  void aStreamWithoutIncludeUsageGetsNoUsageChunk() {
    try (FakeUpstream zhipu =
            FakeUpstream.start().respond(ScriptedAnswers.openAiStream(false, "Hi"));
        TestGateway gateway = TestGateway.start(config(zhipu.port(), zhipu.port()))) {
      HttpProbe.Result result =
          HttpProbe.post(
              gateway.baseUrl() + "/v1/chat/completions",
              TestGateway.KEY,
              "{\"model\":\"glm\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
      assertThat(result.body()).contains("Hi").doesNotContain("\"usage\"");
    }
  }

  @Test
  void aCompleteAnswerWithoutUsageIsCountedAndMarked() {
    try (FakeUpstream zhipu =
            FakeUpstream.start()
                .respond(
                    new ScriptedAnswers(
                        ScriptedAnswers.Style.OPENAI, false, "Hello there, friend."));
        TestGateway gateway = TestGateway.start(config(zhipu.port(), zhipu.port()))) {
      CompletionUsage usage = wholeUsage(gateway.openAiClient(), "glm");
      assertThat(usage.completionTokens()).isEqualTo(5);
      assertThat(usage.promptTokens()).isEqualTo(11);
      HttpProbe.Result raw =
          HttpProbe.post(
              gateway.baseUrl() + "/v1/chat/completions",
              TestGateway.KEY,
              "{\"model\":\"glm\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello to my friend\"}]}");
      assertThat(raw.header("x-modelgate-usage")).isEqualTo("estimated");
      assertThat(raw.json().path("usage").path("estimated").asBoolean()).isTrue();
    }
  }

  /**
   * An OpenAI-compatible upstream that answers "Hello there, friend.", streamed or not, without
   * usage.
   */
  private static FakeUpstream helloWithoutUsage() {
    return FakeUpstream.start()
        .respond(
            r ->
                r.bodyText().contains("\"stream\":true")
                    ? ScriptedAnswers.openAiStream(false, "Hello there, ", "friend.")
                    : FakeResponse.json(
                        200,
                        new ScriptedAnswers(
                                ScriptedAnswers.Style.OPENAI, false, "Hello there, friend.")
                            .complete("Hello there, friend.")));
  }

  /** The usage of a blocking "Say hello to my friend". */
  private static CompletionUsage wholeUsage(OpenAIClient client, String model) {
    return client
        .chat()
        .completions()
        .create(
            ChatCompletionCreateParams.builder()
                .model(model)
                .addUserMessage("Say hello to my friend")
                .build())
        .usage()
        .orElseThrow();
  }

  /** The one usage chunk of a streamed "Say hello to my friend", its text checked. */
  private static CompletionUsage streamedUsage(OpenAIClient client, String model) {
    List<CompletionUsage> usages = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream =
        client
            .chat()
            .completions()
            .createStreaming(
                ChatCompletionCreateParams.builder()
                    .model(model)
                    .addUserMessage("Say hello to my friend")
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                    .build())) {
      stream.stream()
          .forEach(
              chunk -> {
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
                chunk
                    .usage()
                    .ifPresent(
                        u -> {
                          assertThat(chunk.choices()).isEmpty();
                          usages.add(u);
                        });
              });
    }
    assertThat(text.toString()).as(model).isEqualTo("Hello there, friend.");
    assertThat(usages).as(model).hasSize(1);
    return usages.get(0);
  }

  /**
   * A home-made OpenAI-compatible server that reports no usage, with its model's tokenizer.json
   * named: the gateway counts with that (here a vocabulary of bytes: a token a byte, which o200k's
   * counts cannot be mistaken for), streamed and not.
   */
  @Test
  void usageLeftOutIsCountedWithTheTokenizerTheUpstreamNames(@TempDir Path dir) {
    Path tokenizer = TokenizerJson.bytesOnly(dir.resolve("tokenizer.json"));
    try (FakeUpstream house = helloWithoutUsage();
        TestGateway gateway =
            TestGateway.start(
                TestGateway.authBlock()
                    + """
                    upstreams:
                      - name: house
                        type: openai
                        dialect: vllm
                        base_url: http://127.0.0.1:%d/v1
                        tokenizer: %s
                    routes:
                      - model: house
                        targets: [{upstream: house, model: house-7b}]
                    """
                        .formatted(house.port(), tokenizer))) {
      // 20 bytes of answer; the prompt's 22 bytes plus 3 per message and 3.
      CompletionUsage streamed = streamedUsage(gateway.openAiClient(), "house");
      assertThat(streamed.completionTokens()).isEqualTo(20);
      assertThat(streamed.promptTokens()).isEqualTo(28);
      CompletionUsage whole = wholeUsage(gateway.openAiClient(), "house");
      assertThat(whole.completionTokens()).isEqualTo(20);
      assertThat(whole.promptTokens()).isEqualTo(28);
    }
  }

  private static String config(int zhipu, int gemini) {
    return TestGateway.authBlock()
        + """
        upstreams:
          - name: zhipu
            type: openai
            dialect: zhipu
            base_url: http://127.0.0.1:%d/v1
            api_key: k
          - name: gemini
            type: gemini
            base_url: http://127.0.0.1:%d
            api_key: k
        routes:
          - model: glm
            targets: [{upstream: zhipu, model: glm-4-flash}]
          - model: gem
            targets: [{upstream: gemini, model: gemini-2.5-flash}]
        """
            .formatted(zhipu, gemini);
  }
}

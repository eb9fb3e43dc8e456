package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.errors.UnprocessableEntityException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.StreamedChat;
import dev.modelgate.testkit.TestGateway;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A home-made FastAPI model service ({@code POST /generate?prompt=...} answering {@code
 * {"generated_text": ...}}) served through the {@code template} provider by configuration alone,
 * reached by the official OpenAI Java SDK, blocking and streaming.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateFastApiEndToEndTest {
  private FakeUpstream service;
  private TestGateway gateway;
  private OpenAIClient client;

  /** The service: upper-cases the prompt it was given; FastAPI's 422 when there is none. */
  private static FakeResponse fastApi(FakeUpstream.RecordedRequest request) {
    String prompt = null;
    int query = request.path().indexOf('?');
    if (query >= 0) {
      for (String pair : request.path().substring(query + 1).split("&")) {
        if (pair.startsWith("prompt=")) {
          prompt = URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
        }
      }
    }
    if (!request.path().startsWith("/generate") || prompt == null) {
      return FakeResponse.json(
          422,
          "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"query\",\"prompt\"],\"msg\":\"Field required\",\"input\":null}]}");
    }
    String answer = prompt.equals("fail me") ? null : prompt.toUpperCase(java.util.Locale.ROOT);
    return answer == null
        ? FakeResponse.json(422, "{\"detail\":\"prompt refused\"}")
        : FakeResponse.json(
            200,
            "{\"generated_text\":" + dev.modelgate.codec.Json.MAPPER.valueToTree(answer) + "}");
  }

  @BeforeAll
  void start() throws java.io.IOException {
    service = FakeUpstream.start().respond(TemplateFastApiEndToEndTest::fastApi);
    // The same service with its model's own tokenizer.json: a vocabulary of bytes alone here, so
    // its counts (one token a byte) cannot be mistaken for o200k's.
    java.nio.file.Path tokenizer =
        dev.modelgate.testkit.TokenizerJson.bytesOnly(
            java.nio.file.Files.createTempDirectory("modelgate-tokenizer")
                .resolve("tokenizer.json"));
    gateway =
        TestGateway.start(
            TestGateway.authBlock()
                + """
                upstreams:
                  - name: house-model
                    type: template
                    base_url: http://127.0.0.1:%d
                    request:
                      path: /generate
                      query: {prompt: "{{prompt}}"}
                    response:
                      text: /generated_text
                  - name: house-model-own-tokens
                    type: template
                    base_url: http://127.0.0.1:%d
                    tokenizer: %s
                    request:
                      path: /generate
                      query: {prompt: "{{prompt}}"}
                    response:
                      text: /generated_text
                routes:
                  - model: house-llm
                    targets: [{upstream: house-model, model: house-llm}]
                  - model: house-llm-own-tokens
                    targets: [{upstream: house-model-own-tokens, model: house-llm}]
                """
                    .formatted(service.port(), service.port(), tokenizer));
    client = gateway.openAiClient();
  }

  @AfterAll
  void stop() {
    gateway.close();
    service.close();
  }

  private ChatCompletion ask(String model, String text) {
    return client
        .chat()
        .completions()
        .create(ChatCompletionCreateParams.builder().model(model).addUserMessage(text).build());
  }

  @Test
  void blockingAnswerWithEstimatedUsage() {
    ChatCompletion reply = ask("house-llm", "ni hao, 世界 & friends?");
    assertThat(reply.choices().get(0).message().content()).contains("NI HAO, 世界 & FRIENDS?");
    assertThat(reply.choices().get(0).finishReason().asString()).isEqualTo("stop");
    assertThat(reply.model()).isEqualTo("house-llm");
    assertThat(reply.usage().orElseThrow().promptTokens()).isPositive();
    assertThat(reply.usage().orElseThrow().completionTokens()).isPositive();
    assertThat(service.lastRequest().path()).startsWith("/generate?prompt=");
    assertThat(service.lastRequest().method()).isEqualTo("POST");
  }

  @Test
  void usageIsCountedWithTheTokenizerTheUpstreamNames() {
    ChatCompletion reply = ask("house-llm-own-tokens", "ni hao, 世界");
    String answer = reply.choices().get(0).message().content().orElseThrow();
    assertThat(answer).isEqualTo("NI HAO, 世界");
    assertThat(reply.usage().orElseThrow().completionTokens())
        .isEqualTo(answer.getBytes(StandardCharsets.UTF_8).length)
        .isGreaterThan(dev.modelgate.provider.common.TokenEstimate.O200K.of(answer));
  }

  @Test
  void streamingClientGetsTheSingleAnswerAsAStream() {
    StreamedChat answer =
        StreamedChat.of(
            client,
            ChatCompletionCreateParams.builder()
                .model("house-llm")
                .addSystemMessage("Be brief.")
                .addUserMessage("stream this")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build());
    assertThat(answer.text()).isEqualTo("SYSTEM: BE BRIEF.\n\nUSER: STREAM THIS\n\nASSISTANT:");
    assertThat(answer.finish()).isEqualTo("stop");
    assertThat(answer.totalTokens()).isPositive();
  }

  @Test
  void serviceErrorsReachTheClientInOpenAisShape() {
    assertThatThrownBy(
            () ->
                client
                    .chat()
                    .completions()
                    .create(
                        ChatCompletionCreateParams.builder()
                            .model("house-llm")
                            .addUserMessage("fail me")
                            .build()))
        .isInstanceOf(UnprocessableEntityException.class)
        .hasMessageContaining("prompt refused");
  }
}

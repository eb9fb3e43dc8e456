package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The official OpenAI Java SDK against the whole gateway, in front of a fake upstream on loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiSdkEndToEndTest {
  private FakeUpstream upstream;
  private TestGateway gateway;
  private OpenAIClient client;

  static String config(String upstreamBase, String extraRoutes) {
    return TestGateway.authBlock()
        + """
        upstreams:
          - name: fake
            type: openai
            dialect: openai
            base_url: %s
            api_key: sk-upstream-secret
            timeouts:
              first_byte: 1s
              idle: 2s
          - name: offline
            type: echo
          - name: nowhere
            type: openai
            dialect: vllm
            base_url: http://127.0.0.1:9/v1
        routes:
          - model: gpt-test
            targets:
              - upstream: fake
                model: upstream-gpt
          - model: echo
            targets:
              - upstream: offline
          - model: dead
            targets:
              - upstream: nowhere
        """
            .formatted(upstreamBase)
        + extraRoutes;
  }

  @BeforeAll
  void start() {
    upstream = FakeUpstream.start().respond(OpenAiUpstreamScript::answer);
    gateway = TestGateway.start(config(upstream.baseUrl(), ""));
    client = sdk(TestGateway.KEY);
  }

  private OpenAIClient sdk(String key) {
    return gateway.openAiClient(key);
  }

  @BeforeEach
  void clear() {
    upstream.reset();
  }

  @AfterAll
  void stop() {
    gateway.close();
    upstream.close();
  }

  private static ChatCompletionCreateParams.Builder chat(String model, String text) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage(text);
  }

  @Test
  void blockingChatMapsTheModelNameBothWays() {
    ChatCompletion completion =
        client.chat().completions().create(chat("gpt-test", "hello").build());

    assertThat(completion.choices().getFirst().message().content()).contains("echo: hello");
    assertThat(completion.model()).isEqualTo("gpt-test");
    assertThat(completion.usage())
        .hasValueSatisfying(u -> assertThat(u.totalTokens()).isEqualTo(11));
    assertThat(upstream.lastRequest().bodyText()).contains("\"model\":\"upstream-gpt\"");
    assertThat(upstream.lastRequest().header("authorization"))
        .isEqualTo("Bearer sk-upstream-secret");
  }

  @Test
  void streamingChatWithIncludeUsage() {
    StringBuilder text = new StringBuilder();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client
            .chat()
            .completions()
            .createStreaming(
                chat("gpt-test", "streamed words")
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                    .build())) {
      stream.stream()
          .forEach(
              chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
              });
    }
    assertThat(text.toString()).isEqualTo("echo: streamed words");
    assertThat(chunks).allSatisfy(c -> assertThat(c.model()).isEqualTo("gpt-test"));
    assertThat(chunks.getLast().usage())
        .hasValueSatisfying(u -> assertThat(u.totalTokens()).isEqualTo(10));
  }

  @Test
  void streamingWithoutIncludeUsageHidesTheUsageChunkButTheUpstreamWasAskedForIt() {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(chat("gpt-test", "no usage please").build())) {
      stream.stream().forEach(chunks::add);
    }
    assertThat(chunks).isNotEmpty().allSatisfy(c -> assertThat(c.choices()).isNotEmpty());
    assertThat(upstream.lastRequest().bodyText()).contains("\"include_usage\":true");
  }

  @Test
  void toolCallsStreamAsArgumentDeltasTheSdkCanAssemble() {
    ChatCompletionFunctionTool weather =
        ChatCompletionFunctionTool.builder()
            .function(
                FunctionDefinition.builder()
                    .name("get_weather")
                    .parameters(
                        FunctionParameters.builder()
                            .putAdditionalProperty("type", JsonValue.from("object"))
                            .putAdditionalProperty(
                                "properties",
                                JsonValue.from(Map.of("city", Map.of("type", "string"))))
                            .build())
                    .build())
            .build();
    Map<Long, String> ids = new TreeMap<>();
    Map<Long, String> names = new TreeMap<>();
    Map<Long, StringBuilder> arguments = new TreeMap<>();
    List<String> finishes = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client
            .chat()
            .completions()
            .createStreaming(chat("gpt-test", "tool").addTool(weather).build())) {
      stream.stream()
          .forEach(
              chunk ->
                  chunk
                      .choices()
                      .forEach(
                          choice -> {
                            choice.finishReason().ifPresent(f -> finishes.add(f.asString()));
                            choice
                                .delta()
                                .toolCalls()
                                .ifPresent(
                                    calls ->
                                        calls.forEach(
                                            call -> {
                                              call.id().ifPresent(id -> ids.put(call.index(), id));
                                              call.function()
                                                  .ifPresent(
                                                      f -> {
                                                        f.name()
                                                            .ifPresent(
                                                                n -> names.put(call.index(), n));
                                                        f.arguments()
                                                            .ifPresent(
                                                                a ->
                                                                    arguments
                                                                        .computeIfAbsent(
                                                                            call.index(),
                                                                            k ->
                                                                                new StringBuilder())
                                                                        .append(a));
                                                      });
                                            }));
                          }));
    }
    assertThat(ids).containsEntry(0L, "call_a").containsEntry(1L, "call_b");
    assertThat(names).containsEntry(0L, "get_weather").containsEntry(1L, "get_time");
    assertThat(arguments.get(0L).toString()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(finishes).containsExactly("tool_calls");
    assertThat(upstream.lastRequest().bodyText()).contains("\"get_weather\"");
  }

  @Test
  void embeddingsInTheSdksDefaultEncoding() {
    CreateEmbeddingResponse response =
        client
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model("gpt-test")
                    .inputOfArrayOfStrings(List.of("a", "b"))
                    .build());
    assertThat(response.data()).hasSize(2);
    assertThat(response.data().get(1).embedding()).containsExactly(1.5f, -0.25f, 0.125f);
    assertThat(response.model()).isEqualTo("gpt-test");
  }

  @Test
  void embeddingsFromTheEchoModel() {
    CreateEmbeddingResponse response =
        client
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model("echo")
                    .input("same text")
                    .dimensions(8)
                    .build());
    CreateEmbeddingResponse again =
        client
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model("echo")
                    .input("same text")
                    .dimensions(8)
                    .build());
    assertThat(response.data().getFirst().embedding())
        .hasSize(8)
        .isEqualTo(again.data().getFirst().embedding());
  }

  @Test
  void modelsListAndRetrieve() {
    List<String> ids = new ArrayList<>();
    client.models().list().autoPager().forEach(m -> ids.add(m.id()));
    assertThat(ids).contains("gpt-test", "echo", "dead");
    Model model = client.models().retrieve("gpt-test");
    assertThat(model.id()).isEqualTo("gpt-test");
    assertThatThrownBy(() -> client.models().retrieve("no-such-model"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void legacyCompletions() {
    Completion completion =
        client
            .completions()
            .create(
                CompletionCreateParams.builder()
                    .model("gpt-test")
                    .prompt("abc")
                    .maxTokens(5)
                    .build());
    assertThat(completion.choices().getFirst().text()).isEqualTo("done: abc");
    assertThat(completion.model()).isEqualTo("gpt-test");
  }

  @Test
  void echoModelStreamsOffline() {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(chat("echo", "offline path works").build())) {
      stream.stream()
          .forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
    }
    assertThat(text.toString()).isEqualTo("offline path works");
  }

  @Test
  void wrongKeyIs401() {
    assertThatThrownBy(
            () -> sdk("mg-wrong").chat().completions().create(chat("gpt-test", "hi").build()))
        .isInstanceOfSatisfying(
            UnauthorizedException.class, e -> assertThat(e.code()).contains("invalid_api_key"));
  }

  @Test
  void unknownModelIs404ModelNotFound() {
    assertThatThrownBy(() -> client.chat().completions().create(chat("gpt-nope", "hi").build()))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.code()).contains("model_not_found"));
  }

  @Test
  void upstream429KeepsRetryAfter() {
    assertThatThrownBy(
            () -> client.chat().completions().create(chat("gpt-test", "ratelimit").build()))
        .isInstanceOfSatisfying(
            RateLimitException.class,
            e -> {
              assertThat(e.headers().values("retry-after")).containsExactly("2");
              assertThat(e.getMessage()).contains("Rate limit reached");
            });
  }

  @Test
  void upstream4xxAnd5xxPassThroughWithStatusAndMessage() {
    assertThatThrownBy(() -> client.chat().completions().create(chat("gpt-test", "reject").build()))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> {
              assertThat(e.getMessage()).contains("Invalid value for 'temperature'");
              assertThat(e.code()).contains("invalid_value");
            });
    assertThatThrownBy(() -> client.chat().completions().create(chat("gpt-test", "boom").build()))
        .isInstanceOfSatisfying(
            InternalServerException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
  }

  @Test
  void timeoutIs504AndUnreachableIs502() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> client.chat().completions().create(chat("gpt-test", "slow").build()))
        .isInstanceOfSatisfying(
            OpenAIServiceException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(504);
              assertThat(e.code()).contains("upstream_timeout");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    assertThatThrownBy(() -> client.chat().completions().create(chat("dead", "hi").build()))
        .isInstanceOfSatisfying(
            OpenAIServiceException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(502);
              assertThat(e.code()).contains("upstream_unavailable");
            });
  }

  @Test
  void malformedJsonMissingFieldAndOversizedBodyAreOpenAiShaped() {
    HttpProbe.Result malformed =
        HttpProbe.post(gateway.baseUrl() + "/v1/chat/completions", TestGateway.KEY, "{\"model\":");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().path("error").path("type").asText())
        .isEqualTo("invalid_request_error");
    HttpProbe.Result missing =
        HttpProbe.post(
            gateway.baseUrl() + "/v1/chat/completions",
            TestGateway.KEY,
            "{\"model\":\"gpt-test\"}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().path("error").path("param").asText()).isEqualTo("messages");
    String huge =
        "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\""
            + "x".repeat(40 * 1024 * 1024)
            + "\"}]}";
    HttpProbe.Result tooLarge =
        HttpProbe.post(gateway.baseUrl() + "/v1/chat/completions", TestGateway.KEY, huge);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.json().path("error").path("code").asText()).isEqualTo("request_too_large");
    assertThat(upstream.requests()).isEmpty();
  }

  @Test
  void requestIdIsEchoedOrMade() {
    HttpProbe.Result given =
        HttpProbe.post(
            gateway.baseUrl() + "/v1/chat/completions",
            TestGateway.KEY,
            "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            Map.of("x-request-id", "trace-123"));
    assertThat(given.header("x-request-id")).isEqualTo("trace-123");
    HttpProbe.Result made = HttpProbe.post(gateway.baseUrl() + "/v1/chat/completions", null, "{}");
    assertThat(made.status()).isEqualTo(401);
    assertThat(made.header("x-request-id")).startsWith("req_");
  }

  @Test
  void closingTheSdkStreamCancelsTheUpstreamWithinASecond() throws Exception {
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(chat("gpt-test", "long").build())) {
      assertThat(stream.stream().findFirst()).isPresent();
    }
    long start = System.nanoTime();
    assertThat(upstream.awaitCancel(Duration.ofSeconds(2))).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }
}

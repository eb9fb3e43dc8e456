package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.TestGateway;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DashScope answers its QwQ models, and its Qwen3 models when thinking, only as a stream (a
 * blocking call gets a 400). A blocking client's call to one is streamed from DashScope and
 * collected into the one answer the client asked for, reasoning and usage included, whether it
 * asked through OpenAI's API or Anthropic's; other calls go as they came. The option {@code
 * stream_only_models} names such models for any upstream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamOnlyModelsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private FakeUpstream dashscope;
  private FakeUpstream nativeApi;
  private TestGateway gateway;
  private OpenAIClient client;

  /** DashScope's compatible mode as it behaves for stream-only models. */
  private static FakeResponse dashScope(FakeUpstream.RecordedRequest request) {
    JsonNode body;
    try {
      body = JSON.readTree(request.body());
    } catch (IOException e) {
      return FakeResponse.json(400, "{\"error\":{\"message\":\"bad json\"}}");
    }
    boolean stream = body.path("stream").asBoolean(false);
    boolean streamOnly =
        body.path("model").asText().startsWith("qwq")
            || body.path("model").asText().startsWith("my-")
            || body.path("enable_thinking").asBoolean(false);
    if (streamOnly && !stream) {
      return FakeResponse.json(
          400,
          "{\"error\":{\"code\":\"invalid_parameter_error\",\"param\":null,"
              + "\"message\":\"This model only support stream mode, please enable the stream"
              + " parameter to access the model. \",\"type\":\"invalid_request_error\"},"
              + "\"id\":\"chatcmpl-x\",\"request_id\":\"r-1\"}");
    }
    String head =
        "{\"id\":\"chatcmpl-q1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\""
            + body.path("model").asText()
            + "\",";
    if (!stream) {
      return FakeResponse.json(
          200,
          "{\"id\":\"chatcmpl-q1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"qwen-plus\","
              + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"42\"},"
              + "\"finish_reason\":\"stop\"}],"
              + "\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":1,\"total_tokens\":9}}");
    }
    return FakeResponse.sse(
        List.of(
            head
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\","
                + "\"reasoning_content\":\"Six times \"},\"finish_reason\":null}]}",
            head
                + "\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"seven.\"},"
                + "\"finish_reason\":null}]}",
            head
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"4\"},\"finish_reason\":null}]}",
            head
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"2\"},\"finish_reason\":\"stop\"}]}",
            head
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":12,"
                + "\"total_tokens\":20,\"completion_tokens_details\":{\"reasoning_tokens\":10}}}",
            "[DONE]"));
  }

  /** DashScope's native API as it behaves for stream-only models (SSE when X-DashScope-SSE). */
  private static FakeResponse dashScopeNative(FakeUpstream.RecordedRequest request) {
    JsonNode body;
    try {
      body = JSON.readTree(request.body());
    } catch (IOException e) {
      return FakeResponse.json(400, "{\"code\":\"InvalidParameter\",\"message\":\"bad json\"}");
    }
    boolean sse = "enable".equals(request.headers().get("x-dashscope-sse"));
    boolean streamOnly =
        body.path("model").asText().startsWith("qwq")
            || body.path("parameters").path("enable_thinking").asBoolean(false);
    if (streamOnly && !sse) {
      return FakeResponse.json(
          400,
          "{\"code\":\"InvalidParameter\",\"message\":\"This model only support stream mode,"
              + " please enable the stream parameter to access the model. \","
              + "\"request_id\":\"n-1\"}");
    }
    if (!sse) {
      return FakeResponse.json(
          200,
          "{\"output\":{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"42\"},"
              + "\"finish_reason\":\"stop\"}]},\"usage\":{\"input_tokens\":8,\"output_tokens\":1,"
              + "\"total_tokens\":9},\"request_id\":\"n-1\"}");
    }
    List<byte[]> events = new java.util.ArrayList<>();
    String[][] parts = {{"Six times ", ""}, {"seven.", ""}, {"", "4"}, {"", "2"}};
    for (int i = 0; i < parts.length; i++) {
      String finish = i == parts.length - 1 ? "stop" : "null";
      events.add(
          ("id:"
                  + (i + 1)
                  + "\nevent:result\n:HTTP_STATUS/200\ndata:{\"output\":{\"choices\":"
                  + "[{\"message\":{\"role\":\"assistant\",\"content\":\""
                  + parts[i][1]
                  + "\","
                  + "\"reasoning_content\":\""
                  + parts[i][0]
                  + "\"},\"finish_reason\":\""
                  + finish
                  + "\"}]},\"usage\":{\"input_tokens\":8,\"output_tokens\":12,\"total_tokens\":20},"
                  + "\"request_id\":\"n-1\"}\n\n")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return FakeResponse.raw(200, "text/event-stream", events);
  }

  @BeforeAll
  void start() {
    dashscope = FakeUpstream.start().respond(StreamOnlyModelsTest::dashScope);
    nativeApi = FakeUpstream.start().respond(StreamOnlyModelsTest::dashScopeNative);
    gateway =
        TestGateway.start(
            TestGateway.authBlock()
                + """
                upstreams:
                  - {name: qwen, type: openai, dialect: dashscope, base_url: "%1$s"}
                  - {name: mine, type: openai, dialect: vllm, base_url: "%1$s", stream_only_models: ["my-*"]}
                  - {name: native, type: dashscope, base_url: "http://127.0.0.1:%2$d/api/v1", api_key: k}
                routes:
                  - {model: qwq, targets: [{upstream: qwen, model: qwq-plus}]}
                  - {model: qwen, targets: [{upstream: qwen, model: qwen-plus}]}
                  - {model: mine, targets: [{upstream: mine, model: my-reasoner}]}
                  - {model: native-qwq, targets: [{upstream: native, model: qwq-plus}]}
                  - {model: native-qwen, targets: [{upstream: native, model: qwen-plus}]}
                """
                    .formatted(dashscope.baseUrl(), nativeApi.port()));
    client = gateway.openAiClient();
  }

  @AfterAll
  void stop() {
    gateway.close();
    dashscope.close();
    nativeApi.close();
  }

  private ChatCompletion ask(String model, Map<String, Object> extra) {
    ChatCompletionCreateParams.Builder params =
        ChatCompletionCreateParams.builder()
            .model(model)
            .addUserMessage("What is six times seven?");
    extra.forEach((k, v) -> params.putAdditionalBodyProperty(k, JsonValue.from(v)));
    return client.chat().completions().create(params.build());
  }

  private JsonNode sent() throws IOException {
    return JSON.readTree(dashscope.lastRequest().bodyText());
  }

  private static void collected(ChatCompletion answer, String model) {
    assertThat(answer.model()).isEqualTo(model);
    assertThat(answer.choices().getFirst().message().content()).contains("42");
    assertThat(answer.choices().getFirst().finishReason().asString()).isEqualTo("stop");
    assertThat(
            answer.choices().getFirst().message()._additionalProperties().get("reasoning_content"))
        .hasToString("Six times seven.");
    assertThat(answer.usage().orElseThrow().totalTokens()).isEqualTo(20);
    assertThat(answer.usage().orElseThrow().completionTokens()).isEqualTo(12);
  }

  @Test
  void aBlockingCallToQwqIsStreamedAndCollected() throws IOException {
    collected(ask("qwq", Map.of()), "qwq");
    JsonNode body = sent();
    assertThat(body.path("stream").asBoolean()).isTrue();
    assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
    assertThat(dashscope.lastRequest().headers().get("accept")).contains("text/event-stream");
  }

  @Test
  void aBlockingCallThatTurnsThinkingOnIsStreamedAndCollected() throws IOException {
    collected(ask("qwen", Map.of("enable_thinking", true)), "qwen");
    assertThat(sent().path("stream").asBoolean()).isTrue();
  }

  @Test
  void otherBlockingCallsGoAsTheyCame() throws IOException {
    ChatCompletion plain = ask("qwen", Map.of());
    assertThat(plain.choices().getFirst().message().content()).contains("42");
    assertThat(sent().has("stream")).isFalse();
    ChatCompletion notThinking = ask("qwen", Map.of("enable_thinking", false));
    assertThat(notThinking.choices().getFirst().message().content()).contains("42");
    assertThat(sent().has("stream")).isFalse();
  }

  @Test
  void theOptionNamesStreamOnlyModelsForAnyUpstream() throws IOException {
    collected(ask("mine", Map.of()), "mine");
    assertThat(sent().path("stream").asBoolean()).isTrue();
  }

  @Test
  void theNativeApiIsStreamedAndCollectedToo() throws IOException {
    for (String model : List.of("native-qwq", "native-qwen")) {
      ChatCompletion answer =
          ask(model, model.equals("native-qwen") ? Map.of("enable_thinking", true) : Map.of());
      assertThat(answer.choices().getFirst().message().content()).contains("42");
      assertThat(
              answer
                  .choices()
                  .getFirst()
                  .message()
                  ._additionalProperties()
                  .get("reasoning_content"))
          .hasToString("Six times seven.");
      assertThat(answer.usage().orElseThrow().totalTokens()).isEqualTo(20);
      FakeUpstream.RecordedRequest sent = nativeApi.lastRequest();
      assertThat(sent.headers().get("x-dashscope-sse")).isEqualTo("enable");
      assertThat(
              JSON.readTree(sent.body()).path("parameters").path("incremental_output").asBoolean())
          .isTrue();
    }
    ChatCompletion plain = ask("native-qwen", Map.of());
    assertThat(plain.choices().getFirst().message().content()).contains("42");
    assertThat(nativeApi.lastRequest().headers()).doesNotContainKey("x-dashscope-sse");
  }

  @Test
  void anAnthropicClientThinkingWithQwenGetsItsMessageWhole() throws IOException {
    Message message =
        gateway
            .anthropicClient(TestGateway.KEY)
            .messages()
            .create(
                MessageCreateParams.builder()
                    .model("qwen")
                    .maxTokens(4000)
                    .putAdditionalBodyProperty(
                        "thinking",
                        com.anthropic.core.JsonValue.from(
                            Map.of("type", "enabled", "budget_tokens", 2048)))
                    .addUserMessage("What is six times seven?")
                    .build());
    List<ContentBlock> blocks = message.content();
    assertThat(blocks.get(0).thinking().orElseThrow().thinking()).isEqualTo("Six times seven.");
    assertThat(blocks.get(1).text().orElseThrow().text()).isEqualTo("42");
    assertThat(message.usage().outputTokens()).isEqualTo(12);
    JsonNode body = sent();
    assertThat(body.path("stream").asBoolean()).isTrue();
    assertThat(body.path("enable_thinking").asBoolean()).isTrue();
  }
}

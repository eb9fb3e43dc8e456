package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageTokensCount;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.TestGateway;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official Anthropic Java SDK against {@code /v1/messages}, once with a Claude upstream
 * (relayed) and once with an OpenAI-compatible upstream (through the canonical model): blocking,
 * streaming, and a tool-use round trip.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnthropicSdkEndToEndTest {
  private FakeUpstream claude;
  private FakeUpstream openai;
  private TestGateway gateway;
  private AnthropicClient client;

  @BeforeAll
  void start() {
    claude = FakeUpstream.start().respond(AnthropicUpstreamScript::answer);
    openai = FakeUpstream.start().respond(OpenAiUpstreamScript::answer);
    gateway =
        TestGateway.start(
            TestGateway.authBlock()
                + """
        upstreams:
          - name: claude
            type: anthropic
            base_url: http://127.0.0.1:%d
            api_key: sk-ant-upstream
          - name: compatible
            type: openai
            dialect: vllm
            base_url: %s
          - name: offline
            type: echo
        routes:
          - model: claude-test
            targets: [{upstream: claude, model: claude-upstream}]
          - model: gpt-test
            targets: [{upstream: compatible, model: upstream-gpt}]
          - model: echo
            targets: [{upstream: offline}]
        """
                    .formatted(claude.port(), openai.baseUrl()));
    client = sdk(TestGateway.KEY);
  }

  private AnthropicClient sdk(String key) {
    return gateway.anthropicClient(key);
  }

  @AfterAll
  void stop() {
    gateway.close();
    claude.close();
    openai.close();
  }

  private static String text(Message message) {
    return message.content().stream()
        .flatMap(b -> b.text().stream())
        .map(t -> t.text())
        .collect(Collectors.joining());
  }

  @ParameterizedTest
  @ValueSource(strings = {"claude-test", "gpt-test", "echo"})
  void blockingMessage(String model) {
    Message message =
        client
            .messages()
            .create(
                MessageCreateParams.builder()
                    .model(model)
                    .maxTokens(256)
                    .system("Be brief.")
                    .addUserMessage("hello there")
                    .build());
    assertThat(text(message)).endsWith("hello there");
    assertThat(message.model().asString()).isEqualTo(model);
    assertThat(message.stopReason()).contains(StopReason.END_TURN);
    assertThat(message.usage().outputTokens()).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"claude-test", "gpt-test", "echo"})
  void streamedMessageAccumulates(String model) {
    MessageAccumulator accumulator = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream =
        client
            .messages()
            .createStreaming(
                MessageCreateParams.builder()
                    .model(model)
                    .maxTokens(256)
                    .addUserMessage("stream this please")
                    .build())) {
      stream.stream().forEach(accumulator::accumulate);
    }
    Message message = accumulator.message();
    assertThat(text(message)).endsWith("stream this please");
    assertThat(message.stopReason()).contains(StopReason.END_TURN);
    assertThat(message.usage().outputTokens()).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"claude-test", "gpt-test"})
  void toolUseRoundTripStreaming(String model) {
    Tool weather =
        Tool.builder()
            .name("get_weather")
            .description("Weather for a city")
            .inputSchema(
                Tool.InputSchema.builder()
                    .properties(
                        Tool.InputSchema.Properties.builder()
                            .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string")))
                            .build())
                    .required(List.of("city"))
                    .build())
            .build();
    String question = model.equals("gpt-test") ? "tool" : "What is the weather in Paris?";
    MessageCreateParams first =
        MessageCreateParams.builder()
            .model(model)
            .maxTokens(256)
            .addTool(weather)
            .addUserMessage(question)
            .build();
    MessageAccumulator accumulator = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(first)) {
      stream.stream().forEach(accumulator::accumulate);
    }
    Message asked = accumulator.message();
    assertThat(asked.stopReason()).contains(StopReason.TOOL_USE);
    ToolUseBlock use =
        asked.content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
    assertThat(use.name()).isEqualTo("get_weather");
    if (model.equals("claude-test")) {
      assertThat(use._input().convert(Map.class)).isEqualTo(Map.of("city", "Paris"));
    }

    Message answer =
        client
            .messages()
            .create(
                MessageCreateParams.builder()
                    .model(model)
                    .maxTokens(256)
                    .addTool(weather)
                    .addUserMessage(question)
                    .addMessage(asked)
                    .addUserMessageOfContentBlockParams(
                        List.of(
                            ContentBlockParam.ofToolResult(
                                ToolResultBlockParam.builder()
                                    .toolUseId(use.id())
                                    .content("sunny")
                                    .build())))
                    .build());
    if (model.equals("claude-test")) {
      assertThat(text(answer)).isEqualTo("It is sunny in Paris.");
    } else {
      String sent = openai.lastRequest().bodyText();
      assertThat(sent)
          .contains("\"role\":\"tool\"")
          .contains("\"tool_call_id\":\"" + use.id() + "\"")
          .contains("sunny");
      assertThat(answer.content()).extracting(ContentBlock::isText).contains(true);
    }
  }

  /**
   * Extended thinking, top_k and structured output as the SDK sends them: relayed to Claude as they
   * are; to an OpenAI-compatible upstream (which would refuse unknown arguments) the schema goes as
   * its response_format, thinking as the dialect's switch (vLLM's chat template's; every dialect in
   * AnthropicThinkingEndToEndTest) and top_k as it is, since vLLM takes it (servers that do not get
   * none, ThinkingAndTopKToNativeUpstreamsTest). The fakes echo the question, which holds JSON, so
   * the answer passes the JSON guarantee the structured output brings.
   */
  @Test
  void anAnthropicClientsOwnFieldsReachOtherUpstreamsInTheirWords() {
    MessageCreateParams.Builder params =
        MessageCreateParams.builder()
            .maxTokens(2000)
            .putAdditionalBodyProperty("top_k", JsonValue.from(5))
            .putAdditionalBodyProperty(
                "thinking", JsonValue.from(Map.of("type", "enabled", "budget_tokens", 1024)))
            .putAdditionalBodyProperty(
                "output_config",
                JsonValue.from(
                    Map.of(
                        "format",
                        Map.of("type", "json_schema", "schema", Map.of("type", "object")))))
            .addUserMessage("{\"city\": \"Paris\"}");

    client.messages().create(params.model("gpt-test").build());
    String toOpenAi = openai.lastRequest().bodyText();
    assertThat(toOpenAi)
        .contains("\"top_k\":5")
        .doesNotContain("\"thinking\"")
        .contains("\"chat_template_kwargs\":{\"enable_thinking\":true}")
        .doesNotContain("output_config")
        .contains("\"response_format\":{\"type\":\"json_schema\"")
        .contains("\"schema\":{\"type\":\"object\"}");

    client.messages().create(params.model("claude-test").build());
    assertThat(claude.lastRequest().bodyText())
        .contains("\"top_k\":5")
        .contains("\"budget_tokens\":1024")
        .contains("\"output_config\"");
  }

  @Test
  void claudeRequestsAreRelayedAsSent() {
    client
        .messages()
        .create(
            MessageCreateParams.builder()
                .model("claude-test")
                .maxTokens(77)
                .stopSequences(List.of("STOP"))
                .addUserMessage("relay me")
                .build());
    FakeUpstream.RecordedRequest sent = claude.lastRequest();
    assertThat(sent.path()).isEqualTo("/v1/messages");
    assertThat(sent.header("x-api-key")).isEqualTo("sk-ant-upstream");
    assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(sent.bodyText())
        .contains("\"model\":\"claude-upstream\"")
        .contains("\"max_tokens\":77")
        .contains("\"stop_sequences\":[\"STOP\"]");
  }

  @Test
  void countTokensWhereTheUpstreamHasIt() {
    MessageTokensCount count =
        client
            .messages()
            .countTokens(
                MessageCountTokensParams.builder()
                    .model("claude-test")
                    .addUserMessage("how many tokens?")
                    .build());
    assertThat(count.inputTokens()).isEqualTo(42);
    assertThat(claude.lastRequest().path()).isEqualTo("/v1/messages/count_tokens");
    assertThat(claude.lastRequest().bodyText()).contains("\"model\":\"claude-upstream\"");
    assertThatThrownBy(
            () ->
                client
                    .messages()
                    .countTokens(
                        MessageCountTokensParams.builder()
                            .model("gpt-test")
                            .addUserMessage("x")
                            .build()))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void errorsHaveAnthropicsShape() {
    assertThatThrownBy(
            () ->
                sdk("mg-wrong")
                    .messages()
                    .create(
                        MessageCreateParams.builder()
                            .model("claude-test")
                            .maxTokens(5)
                            .addUserMessage("x")
                            .build()))
        .isInstanceOf(UnauthorizedException.class);
    assertThatThrownBy(
            () ->
                client
                    .messages()
                    .create(
                        MessageCreateParams.builder()
                            .model("nope")
                            .maxTokens(5)
                            .addUserMessage("x")
                            .build()))
        .isInstanceOf(NotFoundException.class);
  }
}

package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.TestGateway;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An Anthropic client's {@code thinking} reaches an OpenAI-compatible server as that server's own
 * switch: OpenAI's effort, DeepSeek's and Zhipu's {@code thinking} type, DashScope's {@code
 * enable_thinking} with the budget, vLLM's chat template switch; a server with none (Moonshot, or
 * {@code thinking: none} in the upstream's options) gets the request without it, as OpenAI's API
 * would refuse Anthropic's object. The server's {@code reasoning_content} comes back as thinking
 * blocks, whole and streamed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnthropicThinkingEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private FakeUpstream upstream;
  private FakeUpstream reasoner;
  private TestGateway gateway;
  private AnthropicClient client;

  @BeforeAll
  void start() {
    upstream = FakeUpstream.start().respond(OpenAiUpstreamScript::answer);
    reasoner = FakeUpstream.start().respond(AnthropicThinkingEndToEndTest::reasoned);
    StringBuilder yaml = new StringBuilder(TestGateway.authBlock()).append("upstreams:\n");
    StringBuilder routes = new StringBuilder("routes:\n");
    for (String dialect :
        new String[] {"openai", "deepseek", "zhipu", "dashscope", "vllm", "moonshot"}) {
      yaml.append(
          """
            - name: %s
              type: openai
              dialect: %s
              base_url: %s
          """
              .formatted(dialect, dialect, upstream.baseUrl()));
      routes.append(
          "  - model: %s-model\n    targets: [{upstream: %s, model: up}]\n"
              .formatted(dialect, dialect));
    }
    yaml.append(
        """
          - name: quiet
            type: openai
            dialect: openai
            base_url: %s
            thinking: none
        """
            .formatted(upstream.baseUrl()));
    yaml.append(
        """
          - name: reasoner
            type: openai
            dialect: deepseek
            base_url: %s
        """
            .formatted(reasoner.baseUrl()));
    yaml.append(
        """
          - name: budgetless
            type: openai
            dialect: dashscope
            base_url: %s
            drop_fields: [thinking_budget]
        """
            .formatted(upstream.baseUrl()));
    routes.append("  - model: quiet-model\n    targets: [{upstream: quiet, model: up}]\n");
    routes.append(
        "  - model: budgetless-model\n    targets: [{upstream: budgetless, model: up}]\n");
    routes.append("  - model: reasoner-model\n    targets: [{upstream: reasoner, model: up}]\n");
    gateway = TestGateway.start(yaml.append(routes).toString());
    client = gateway.anthropicClient(TestGateway.KEY);
  }

  @AfterAll
  void stop() {
    gateway.close();
    upstream.close();
    reasoner.close();
  }

  /** DeepSeek's wire format: the reasoning beside the answer, or streamed before it. */
  private static FakeResponse reasoned(FakeUpstream.RecordedRequest request) {
    if (!request.bodyText().contains("\"stream\":true")) {
      return FakeResponse.json(
          200,
          "{\"id\":\"r1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"up\","
              + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
              + "\"reasoning_content\":\"Six times seven.\",\"content\":\"42\"},"
              + "\"finish_reason\":\"stop\"}],"
              + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":9,\"total_tokens\":14}}");
    }
    String head =
        "{\"id\":\"r1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"up\",";
    return FakeResponse.sse(
        List.of(
            head
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}",
            head
                + "\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Six times \"},\"finish_reason\":null}]}",
            head
                + "\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"seven.\"},\"finish_reason\":null}]}",
            head
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"42\"},\"finish_reason\":null}]}",
            head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
            head
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":9,\"total_tokens\":14}}",
            "[DONE]"));
  }

  private static MessageCreateParams question() {
    return MessageCreateParams.builder()
        .model("reasoner-model")
        .maxTokens(4000)
        .putAdditionalBodyProperty(
            "thinking", JsonValue.from(Map.of("type", "enabled", "budget_tokens", 2048)))
        .addUserMessage("What is six times seven?")
        .build();
  }

  private static void thinksThenAnswers(Message message) {
    List<ContentBlock> blocks = message.content();
    assertThat(blocks).hasSize(2);
    assertThat(blocks.get(0).thinking().orElseThrow().thinking()).isEqualTo("Six times seven.");
    assertThat(blocks.get(1).text().orElseThrow().text()).isEqualTo("42");
  }

  @Test
  void theServersReasoningComesBackAsAThinkingBlock() throws Exception {
    thinksThenAnswers(client.messages().create(question()));
    assertThat(JSON.readTree(reasoner.lastRequest().bodyText()).path("thinking").toString())
        .isEqualTo("{\"type\":\"enabled\"}");
  }

  @Test
  void andStreamedAsThinkingDeltas() {
    MessageAccumulator accumulator = MessageAccumulator.create();
    List<String> kinds = new java.util.ArrayList<>();
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(question())) {
      stream.stream()
          .forEach(
              event -> {
                accumulator.accumulate(event);
                event
                    .contentBlockDelta()
                    .ifPresent(d -> kinds.add(d.delta().isThinking() ? "thinking" : "other"));
              });
    }
    thinksThenAnswers(accumulator.message());
    assertThat(kinds).startsWith("thinking", "thinking");
  }

  private JsonNode sent(String model, Map<String, Object> thinking) throws Exception {
    client
        .messages()
        .create(
            MessageCreateParams.builder()
                .model(model)
                .maxTokens(30000)
                .putAdditionalBodyProperty("thinking", JsonValue.from(thinking))
                .addUserMessage("think first")
                .build());
    JsonNode body = JSON.readTree(upstream.lastRequest().bodyText());
    assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("think first");
    return body;
  }

  private static Map<String, Object> enabled(int budget) {
    return Map.of("type", "enabled", "budget_tokens", budget);
  }

  @Test
  void openAiGetsAnEffortForTheBudget() throws Exception {
    assertThat(sent("openai-model", enabled(1024)).path("reasoning_effort").asText())
        .isEqualTo("low");
    assertThat(sent("openai-model", enabled(8000)).path("reasoning_effort").asText())
        .isEqualTo("medium");
    assertThat(sent("openai-model", enabled(20000)).path("reasoning_effort").asText())
        .isEqualTo("high");
    assertThat(sent("openai-model", Map.of("type", "adaptive")).path("reasoning_effort").asText())
        .isEqualTo("medium");
    JsonNode disabled = sent("openai-model", Map.of("type", "disabled"));
    assertThat(disabled.has("reasoning_effort")).isFalse();
    assertThat(disabled.has("thinking")).isFalse();
  }

  /** Claude's effort reaches servers that read reasoning_effort as their effort, not others. */
  @Test
  void claudesEffortIsTheReasoningEffort() throws Exception {
    for (String effort : new String[] {"low", "medium", "high"}) {
      client
          .messages()
          .create(
              MessageCreateParams.builder()
                  .model("openai-model")
                  .maxTokens(30000)
                  .putAdditionalBodyProperty(
                      "output_config", JsonValue.from(Map.of("effort", effort)))
                  .putAdditionalBodyProperty("thinking", JsonValue.from(enabled(1024)))
                  .addUserMessage("think first")
                  .build());
      JsonNode body = JSON.readTree(upstream.lastRequest().bodyText());
      assertThat(body.path("reasoning_effort").asText()).isEqualTo(effort);
      assertThat(body.has("output_config")).isFalse();
    }
    client
        .messages()
        .create(
            MessageCreateParams.builder()
                .model("deepseek-model")
                .maxTokens(300)
                .putAdditionalBodyProperty("output_config", JsonValue.from(Map.of("effort", "low")))
                .addUserMessage("think first")
                .build());
    JsonNode deepseek = JSON.readTree(upstream.lastRequest().bodyText());
    assertThat(deepseek.has("reasoning_effort")).isFalse();
    assertThat(deepseek.has("output_config")).isFalse();
  }

  @Test
  void deepSeekAndZhipuGetTheirThinkingType() throws Exception {
    for (String model : new String[] {"deepseek-model", "zhipu-model"}) {
      assertThat(sent(model, enabled(4096)).path("thinking").toString())
          .isEqualTo("{\"type\":\"enabled\"}");
      assertThat(sent(model, Map.of("type", "disabled")).path("thinking").toString())
          .isEqualTo("{\"type\":\"disabled\"}");
    }
  }

  @Test
  void dashScopeGetsEnableThinkingWithTheBudget() throws Exception {
    JsonNode on = sent("dashscope-model", enabled(2048));
    assertThat(on.path("enable_thinking").asBoolean()).isTrue();
    assertThat(on.path("thinking_budget").asInt()).isEqualTo(2048);
    assertThat(on.has("thinking")).isFalse();
    JsonNode off = sent("dashscope-model", Map.of("type", "disabled"));
    assertThat(off.path("enable_thinking").isBoolean()).isTrue();
    assertThat(off.path("enable_thinking").asBoolean()).isFalse();
    assertThat(off.has("thinking_budget")).isFalse();
  }

  @Test
  void theDialectsDropFieldsHaveTheLastWord() throws Exception {
    JsonNode body = sent("budgetless-model", enabled(2048));
    assertThat(body.path("enable_thinking").asBoolean()).isTrue();
    assertThat(body.has("thinking_budget")).isFalse();
  }

  @Test
  void vllmGetsTheChatTemplateSwitch() throws Exception {
    assertThat(sent("vllm-model", enabled(1024)).path("chat_template_kwargs").toString())
        .isEqualTo("{\"enable_thinking\":true}");
    assertThat(
            sent("vllm-model", Map.of("type", "disabled")).path("chat_template_kwargs").toString())
        .isEqualTo("{\"enable_thinking\":false}");
  }

  @Test
  void aServerWithNoKnownSwitchGetsTheRequestWithoutIt() throws Exception {
    for (String model : new String[] {"moonshot-model", "quiet-model"}) {
      JsonNode body = sent(model, enabled(2048));
      assertThat(body.has("thinking")).isFalse();
      assertThat(body.has("reasoning_effort")).isFalse();
      assertThat(body.has("enable_thinking")).isFalse();
      assertThat(body.has("chat_template_kwargs")).isFalse();
    }
  }
}

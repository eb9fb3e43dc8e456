package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceTool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.models.FunctionDefinition;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.TestGateway;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A client's {@code tool_choice} reaches servers that take only some kinds of it in a kind they
 * take, instead of the server's 400: Zhipu GLM takes only {@code auto} (a named function becomes
 * {@code auto} with that function the only tool; {@code none} leaves the tools out; {@code
 * required} becomes {@code auto}), Moonshot takes no {@code required}; the option {@code
 * tool_choices} names the kinds for any upstream; other servers get the client's choice as sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ToolChoiceDialectTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private FakeUpstream upstream;
  private TestGateway gateway;
  private OpenAIClient client;

  @BeforeAll
  void start() {
    upstream = FakeUpstream.start().respond(OpenAiUpstreamScript::answer);
    gateway =
        TestGateway.start(
            TestGateway.authBlock()
                + """
                upstreams:
                  - {name: glm, type: openai, dialect: zhipu, base_url: "%1$s"}
                  - {name: kimi, type: openai, dialect: moonshot, base_url: "%1$s"}
                  - {name: gpt, type: openai, dialect: openai, base_url: "%1$s"}
                  - {name: narrow, type: openai, dialect: vllm, base_url: "%1$s", tool_choices: [auto, required]}
                routes:
                  - {model: glm-model, targets: [{upstream: glm, model: up}]}
                  - {model: kimi-model, targets: [{upstream: kimi, model: up}]}
                  - {model: gpt-model, targets: [{upstream: gpt, model: up}]}
                  - {model: narrow-model, targets: [{upstream: narrow, model: up}]}
                """
                    .formatted(upstream.baseUrl()));
    client = gateway.openAiClient();
  }

  @AfterAll
  void stop() {
    gateway.close();
    upstream.close();
  }

  private static ChatCompletionFunctionTool tool(String name) {
    return ChatCompletionFunctionTool.builder()
        .function(FunctionDefinition.builder().name(name).build())
        .build();
  }

  private JsonNode sent(String model, ChatCompletionToolChoiceOption choice) throws Exception {
    client
        .chat()
        .completions()
        .create(
            ChatCompletionCreateParams.builder()
                .model(model)
                .addUserMessage("hello")
                .addTool(tool("get_weather"))
                .addTool(tool("get_time"))
                .toolChoice(choice)
                .build());
    return JSON.readTree(upstream.lastRequest().bodyText());
  }

  private static Tool anthropicTool(String name) {
    return Tool.builder()
        .name(name)
        .inputSchema(
            Tool.InputSchema.builder()
                .putAdditionalProperty("type", com.anthropic.core.JsonValue.from("object"))
                .build())
        .build();
  }

  private static ChatCompletionToolChoiceOption named(String name) {
    return ChatCompletionToolChoiceOption.ofNamedToolChoice(
        ChatCompletionNamedToolChoice.builder()
            .function(ChatCompletionNamedToolChoice.Function.builder().name(name).build())
            .build());
  }

  private static ChatCompletionToolChoiceOption mode(String mode) {
    return ChatCompletionToolChoiceOption.ofAuto(ChatCompletionToolChoiceOption.Auto.of(mode));
  }

  private static List<String> toolNames(JsonNode body) {
    List<String> names = new ArrayList<>();
    body.path("tools").forEach(t -> names.add(t.path("function").path("name").asText()));
    return names;
  }

  @Test
  void zhipuGetsAutoWithTheNamedFunctionAsItsOnlyTool() throws Exception {
    JsonNode body = sent("glm-model", named("get_time"));
    assertThat(body.path("tool_choice").asText()).isEqualTo("auto");
    assertThat(toolNames(body)).containsExactly("get_time");
    assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("hello");
  }

  @Test
  void zhipuGetsAutoForRequiredAndNoToolsForNone() throws Exception {
    JsonNode required = sent("glm-model", mode("required"));
    assertThat(required.path("tool_choice").asText()).isEqualTo("auto");
    assertThat(toolNames(required)).containsExactly("get_weather", "get_time");
    JsonNode none = sent("glm-model", mode("none"));
    assertThat(none.has("tool_choice")).isFalse();
    assertThat(none.has("tools")).isFalse();
    JsonNode auto = sent("glm-model", mode("auto"));
    assertThat(auto.path("tool_choice").asText()).isEqualTo("auto");
    assertThat(toolNames(auto)).hasSize(2);
  }

  @Test
  void moonshotKeepsNoneAndGetsAutoForRequired() throws Exception {
    assertThat(sent("kimi-model", mode("none")).path("tool_choice").asText()).isEqualTo("none");
    assertThat(sent("kimi-model", mode("required")).path("tool_choice").asText()).isEqualTo("auto");
    JsonNode function = sent("kimi-model", named("get_weather"));
    assertThat(function.path("tool_choice").asText()).isEqualTo("auto");
    assertThat(toolNames(function)).containsExactly("get_weather");
  }

  @Test
  void otherServersGetTheChoiceAsSent() throws Exception {
    assertThat(sent("gpt-model", mode("required")).path("tool_choice").asText())
        .isEqualTo("required");
    JsonNode function = sent("gpt-model", named("get_time"));
    assertThat(function.path("tool_choice").path("function").path("name").asText())
        .isEqualTo("get_time");
    assertThat(toolNames(function)).hasSize(2);
  }

  @Test
  void theToolChoicesOptionNamesTheKindsForAnyUpstream() throws Exception {
    assertThat(sent("narrow-model", mode("required")).path("tool_choice").asText())
        .isEqualTo("required");
    JsonNode function = sent("narrow-model", named("get_time"));
    assertThat(function.path("tool_choice").asText()).isEqualTo("auto");
    assertThat(toolNames(function)).containsExactly("get_time");
  }

  @Test
  void anAnthropicClientsNamedToolReachesZhipuAsAuto() throws Exception {
    gateway
        .anthropicClient(TestGateway.KEY)
        .messages()
        .create(
            MessageCreateParams.builder()
                .model("glm-model")
                .maxTokens(100)
                .addUserMessage("hello")
                .addTool(anthropicTool("get_weather"))
                .addTool(anthropicTool("get_time"))
                .toolChoice(ToolChoiceTool.builder().name("get_time").build())
                .build());
    JsonNode body = JSON.readTree(upstream.lastRequest().bodyText());
    assertThat(body.path("tool_choice").asText()).isEqualTo("auto");
    assertThat(toolNames(body)).containsExactly("get_time");
  }

  @Test
  void anUnknownKindInTheOptionIsRefusedAtStart() {
    assertThatThrownBy(
            () ->
                TestGateway.start(
                    TestGateway.authBlock()
                        + """
                        upstreams:
                          - {name: x, type: openai, base_url: "http://127.0.0.1:1/v1", tool_choices: [auto, sometimes]}
                        routes:
                          - {model: x, targets: [{upstream: x, model: up}]}
                        """))
        .hasMessageContaining("tool_choices")
        .hasMessageContaining("sometimes");
  }
}

package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
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
 * A client's request to think, and its {@code top_k}, reach servers with an API of their own in
 * that API's words: Gemini's {@code thinkingConfig} and {@code topK}, DashScope's {@code
 * enable_thinking} and {@code thinking_budget}, Ollama's {@code think} and {@code options.top_k};
 * whether the client asked as Anthropic's SDK does ({@code thinking}, {@code top_k}) or as OpenAI's
 * ({@code reasoning_effort}, {@code top_k} as an extra field). The server's thoughts come back as
 * thinking blocks or {@code reasoning_content}. An Anthropic client's {@code top_k} also reaches
 * the OpenAI-compatible servers that take it (vLLM), and no other (Moonshot).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThinkingAndTopKToNativeUpstreamsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String GEMINI_ANSWER =
      """
      {"candidates":[{"content":{"role":"model","parts":[{"text":"Six times seven.","thought":true},
      {"text":"42"}]},"finishReason":"STOP","index":0}],
      "usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":1,"thoughtsTokenCount":4,
      "totalTokenCount":13},"modelVersion":"gemini-2.5-flash","responseId":"g-1"}""";
  private static final String DASHSCOPE_ANSWER =
      """
      {"output":{"choices":[{"message":{"role":"assistant","content":"42",
      "reasoning_content":"Six times seven."},"finish_reason":"stop"}]},
      "usage":{"input_tokens":8,"output_tokens":5,"total_tokens":13},"request_id":"d-1"}""";
  private static final String OLLAMA_ANSWER =
      """
      {"model":"qwen3","created_at":"2026-01-01T00:00:00Z","message":{"role":"assistant",
      "content":"42","thinking":"Six times seven."},"done":true,"done_reason":"stop",
      "prompt_eval_count":8,"eval_count":5}""";

  /**
   * DashScope's native API: thinking answers come only as a stream (the gateway asks for one with
   * X-DashScope-SSE and collects it for a blocking client), others whole.
   */
  private static FakeResponse dashScope(FakeUpstream.RecordedRequest request) {
    if (!"enable".equals(request.headers().get("x-dashscope-sse"))) {
      return FakeResponse.json(200, DASHSCOPE_ANSWER);
    }
    String event =
        "id:1\nevent:result\n:HTTP_STATUS/200\ndata:" + DASHSCOPE_ANSWER.replace("\n", "") + "\n\n";
    return FakeResponse.raw(
        200, "text/event-stream", List.of(event.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private FakeUpstream gemini;
  private FakeUpstream dashscope;
  private FakeUpstream ollama;
  private FakeUpstream openAiCompatible;
  private FakeUpstream claude;
  private TestGateway gateway;
  private AnthropicClient anthropic;
  private OpenAIClient openAi;

  @BeforeAll
  void start() {
    gemini = FakeUpstream.start().respond(FakeResponse.json(200, GEMINI_ANSWER));
    dashscope = FakeUpstream.start().respond(ThinkingAndTopKToNativeUpstreamsTest::dashScope);
    ollama = FakeUpstream.start().respond(FakeResponse.json(200, OLLAMA_ANSWER));
    openAiCompatible = FakeUpstream.start().respond(OpenAiUpstreamScript::answer);
    claude = FakeUpstream.start().respond(AnthropicUpstreamScript::answer);
    gateway =
        TestGateway.start(
            TestGateway.authBlock()
                + """
                upstreams:
                  - {name: gemini, type: gemini, base_url: "http://127.0.0.1:%d/v1beta", api_key: g}
                  - {name: qwen, type: dashscope, base_url: "http://127.0.0.1:%d/api/v1", api_key: q}
                  - {name: ollama, type: ollama, base_url: "http://127.0.0.1:%d"}
                  - {name: vllm, type: openai, dialect: vllm, base_url: "%s"}
                  - {name: kimi, type: openai, dialect: moonshot, base_url: "%s"}
                  - {name: claude, type: anthropic, base_url: "http://127.0.0.1:%d", api_key: a}
                routes:
                  - {model: gemini-model, targets: [{upstream: gemini, model: gemini-2.5-flash}]}
                  - {model: gemini-pro-model, targets: [{upstream: gemini, model: gemini-2.5-pro}]}
                  - {model: qwen-model, targets: [{upstream: qwen, model: qwen-plus}]}
                  - {model: ollama-model, targets: [{upstream: ollama, model: qwen3}]}
                  - {model: vllm-model, targets: [{upstream: vllm, model: up}]}
                  - {model: kimi-model, targets: [{upstream: kimi, model: up}]}
                  - {model: claude-model, targets: [{upstream: claude, model: claude-up}]}
                """
                    .formatted(
                        gemini.port(),
                        dashscope.port(),
                        ollama.port(),
                        openAiCompatible.baseUrl(),
                        openAiCompatible.baseUrl(),
                        claude.port()));
    anthropic = gateway.anthropicClient(TestGateway.KEY);
    openAi = gateway.openAiClient();
  }

  @AfterAll
  void stop() {
    gateway.close();
    gemini.close();
    dashscope.close();
    ollama.close();
    openAiCompatible.close();
    claude.close();
  }

  private Message askAnthropic(String model, Map<String, Object> thinking) {
    return anthropic
        .messages()
        .create(
            MessageCreateParams.builder()
                .model(model)
                .maxTokens(8000)
                .putAdditionalBodyProperty("top_k", com.anthropic.core.JsonValue.from(40))
                .putAdditionalBodyProperty("thinking", com.anthropic.core.JsonValue.from(thinking))
                .addUserMessage("What is six times seven?")
                .build());
  }

  private ChatCompletion askOpenAi(String model, ReasoningEffort effort) {
    return openAi
        .chat()
        .completions()
        .create(
            ChatCompletionCreateParams.builder()
                .model(model)
                .reasoningEffort(effort)
                .putAdditionalBodyProperty("top_k", com.openai.core.JsonValue.from(20))
                .addUserMessage("What is six times seven?")
                .build());
  }

  private static JsonNode sentTo(FakeUpstream upstream) throws Exception {
    return JSON.readTree(upstream.lastRequest().bodyText());
  }

  private static void thinksThenAnswers(Message message) {
    List<ContentBlock> blocks = message.content();
    assertThat(blocks).hasSize(2);
    assertThat(blocks.get(0).thinking().orElseThrow().thinking()).isEqualTo("Six times seven.");
    assertThat(blocks.get(1).text().orElseThrow().text()).isEqualTo("42");
  }

  private static Map<String, Object> enabled(int budget) {
    return Map.of("type", "enabled", "budget_tokens", budget);
  }

  @Test
  void geminiGetsAThinkingBudgetAndTopKAndItsThoughtsComeBackAsThinking() throws Exception {
    thinksThenAnswers(askAnthropic("gemini-model", enabled(2048)));
    JsonNode config = sentTo(gemini).path("generationConfig");
    assertThat(config.path("topK").asInt()).isEqualTo(40);
    assertThat(config.path("thinkingConfig").toString())
        .isEqualTo("{\"thinkingBudget\":2048,\"includeThoughts\":true}");

    askAnthropic("gemini-model", Map.of("type", "adaptive"));
    assertThat(sentTo(gemini).path("generationConfig").path("thinkingConfig").toString())
        .isEqualTo("{\"thinkingBudget\":-1,\"includeThoughts\":true}");
    askAnthropic("gemini-model", Map.of("type", "disabled"));
    assertThat(sentTo(gemini).path("generationConfig").path("thinkingConfig").toString())
        .isEqualTo("{\"thinkingBudget\":0}");
    // A Pro model cannot stop thinking (Gemini refuses a budget of 0): the least it takes.
    askAnthropic("gemini-pro-model", Map.of("type", "disabled"));
    assertThat(gemini.lastRequest().path()).contains("gemini-2.5-pro");
    assertThat(sentTo(gemini).path("generationConfig").path("thinkingConfig").toString())
        .isEqualTo("{\"thinkingBudget\":128}");
  }

  @Test
  void geminiGetsAnOpenAiClientsEffortAsABudget() throws Exception {
    ChatCompletion answer = askOpenAi("gemini-model", ReasoningEffort.LOW);
    assertThat(answer.choices().getFirst().message().content()).contains("42");
    assertThat(answer.choices().getFirst().message()._additionalProperties())
        .containsKey("reasoning_content");
    JsonNode config = sentTo(gemini).path("generationConfig");
    assertThat(config.path("topK").asInt()).isEqualTo(20);
    assertThat(config.path("thinkingConfig").path("thinkingBudget").asInt()).isEqualTo(1024);

    askOpenAi("gemini-model", ReasoningEffort.of("none"));
    assertThat(sentTo(gemini).path("generationConfig").path("thinkingConfig").toString())
        .isEqualTo("{\"thinkingBudget\":0}");
  }

  @Test
  void dashScopeGetsEnableThinkingWithTheBudgetAndTopK() throws Exception {
    thinksThenAnswers(askAnthropic("qwen-model", enabled(2048)));
    assertThat(dashscope.lastRequest().headers().get("x-dashscope-sse")).isEqualTo("enable");
    JsonNode parameters = sentTo(dashscope).path("parameters");
    assertThat(parameters.path("enable_thinking").asBoolean()).isTrue();
    assertThat(parameters.path("thinking_budget").asInt()).isEqualTo(2048);
    assertThat(parameters.path("top_k").asInt()).isEqualTo(40);
    assertThat(parameters.has("thinking")).isFalse();

    askAnthropic("qwen-model", Map.of("type", "disabled"));
    JsonNode off = sentTo(dashscope).path("parameters");
    assertThat(off.path("enable_thinking").isBoolean()).isTrue();
    assertThat(off.path("enable_thinking").asBoolean()).isFalse();
    assertThat(off.has("thinking_budget")).isFalse();

    askOpenAi("qwen-model", ReasoningEffort.HIGH);
    JsonNode effort = sentTo(dashscope).path("parameters");
    assertThat(effort.path("enable_thinking").asBoolean()).isTrue();
    assertThat(effort.path("thinking_budget").asInt()).isEqualTo(16384);
    assertThat(effort.path("top_k").asInt()).isEqualTo(20);
  }

  @Test
  void ollamaGetsThinkAndTopKInItsOptions() throws Exception {
    thinksThenAnswers(askAnthropic("ollama-model", enabled(2048)));
    JsonNode body = sentTo(ollama);
    assertThat(body.path("think").isBoolean()).isTrue();
    assertThat(body.path("think").asBoolean()).isTrue();
    assertThat(body.path("options").path("top_k").asInt()).isEqualTo(40);

    askOpenAi("ollama-model", ReasoningEffort.of("none"));
    JsonNode off = sentTo(ollama);
    assertThat(off.path("think").isBoolean()).isTrue();
    assertThat(off.path("think").asBoolean()).isFalse();
    assertThat(off.path("options").path("top_k").asInt()).isEqualTo(20);
  }

  @Test
  void anAnthropicClientsTopKReachesOpenAiCompatibleServersThatTakeIt() throws Exception {
    askAnthropic("vllm-model", Map.of("type", "disabled"));
    assertThat(sentTo(openAiCompatible).path("top_k").asInt()).isEqualTo(40);
    askAnthropic("kimi-model", Map.of("type", "disabled"));
    assertThat(sentTo(openAiCompatible).has("top_k")).isFalse();
  }

  @Test
  void anOpenAiClientsTopKReachesClaudeUnlessItThinks() throws Exception {
    openAi
        .chat()
        .completions()
        .create(
            ChatCompletionCreateParams.builder()
                .model("claude-model")
                .putAdditionalBodyProperty("top_k", com.openai.core.JsonValue.from(20))
                .addUserMessage("hi")
                .build());
    assertThat(sentTo(claude).path("top_k").asInt()).isEqualTo(20);
    askOpenAi("claude-model", ReasoningEffort.LOW);
    JsonNode thinking = sentTo(claude);
    assertThat(thinking.path("thinking").path("budget_tokens").asInt()).isEqualTo(1024);
    assertThat(thinking.has("top_k")).isFalse(); // Claude refuses top_k beside thinking
  }

  @Test
  void noThinkingAskedMeansNoSwitchSent() throws Exception {
    anthropic
        .messages()
        .create(
            MessageCreateParams.builder()
                .model("gemini-model")
                .maxTokens(100)
                .addUserMessage("hi")
                .build());
    assertThat(sentTo(gemini).path("generationConfig").has("thinkingConfig")).isFalse();
    anthropic
        .messages()
        .create(
            MessageCreateParams.builder()
                .model("ollama-model")
                .maxTokens(100)
                .addUserMessage("hi")
                .build());
    assertThat(sentTo(ollama).has("think")).isFalse();
    anthropic
        .messages()
        .create(
            MessageCreateParams.builder()
                .model("qwen-model")
                .maxTokens(100)
                .addUserMessage("hi")
                .build());
    assertThat(sentTo(dashscope).path("parameters").has("enable_thinking")).isFalse();
  }
}

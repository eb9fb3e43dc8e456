package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.TestGateway;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK against upstreams that do not speak OpenAI: Claude and DashScope's
 * native API, streaming with tool calls and usage, and blocking.
 */
class OpenAiSdkToNativeUpstreamsTest {
  @Test
  void streamedToolCallsAndUsageFromClaude() {
    try (FakeUpstream claude = FakeUpstream.start().respond(AnthropicUpstreamScript::answer);
        TestGateway gateway =
            TestGateway.start(
                TestGateway.authBlock()
                    + """
            upstreams:
              - name: claude
                type: anthropic
                base_url: http://127.0.0.1:%d
                api_key: sk-ant-upstream
            routes:
              - model: claude-test
                targets: [{upstream: claude, model: claude-upstream}]
            """
                        .formatted(claude.port()))) {
      OpenAIClient client = gateway.openAiClient();
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
      StringBuilder text = new StringBuilder();
      StringBuilder arguments = new StringBuilder();
      String[] id = new String[1];
      String[] finish = new String[1];
      long[] total = new long[1];
      try (StreamResponse<ChatCompletionChunk> stream =
          client
              .chat()
              .completions()
              .createStreaming(
                  ChatCompletionCreateParams.builder()
                      .model("claude-test")
                      .addUserMessage("What is the weather in Paris?")
                      .addTool(weather)
                      .streamOptions(
                          ChatCompletionStreamOptions.builder().includeUsage(true).build())
                      .build())) {
        stream.stream()
            .forEach(
                chunk -> {
                  chunk.usage().ifPresent(u -> total[0] = u.totalTokens());
                  chunk
                      .choices()
                      .forEach(
                          choice -> {
                            choice.delta().content().ifPresent(text::append);
                            choice.finishReason().ifPresent(f -> finish[0] = f.asString());
                            choice
                                .delta()
                                .toolCalls()
                                .ifPresent(
                                    calls ->
                                        calls.forEach(
                                            call -> {
                                              assertThat(call.index()).isZero();
                                              call.id().ifPresent(v -> id[0] = v);
                                              call.function()
                                                  .flatMap(f -> f.arguments())
                                                  .ifPresent(arguments::append);
                                            }));
                          });
                });
      }
      assertThat(text.toString()).isEqualTo("Let me check.");
      assertThat(id[0]).isEqualTo("toolu_01");
      assertThat(arguments.toString()).isEqualTo("{\"city\": \"Paris\"}");
      assertThat(finish[0]).isEqualTo("tool_calls");
      assertThat(total[0]).isEqualTo(39);
      assertThat(claude.lastRequest().bodyText())
          .contains("\"input_schema\"")
          .contains("\"model\":\"claude-upstream\"");

      ChatCompletion blocking =
          client
              .chat()
              .completions()
              .create(
                  ChatCompletionCreateParams.builder()
                      .model("claude-test")
                      .addUserMessage("hi claude")
                      .build());
      assertThat(blocking.choices().getFirst().message().content())
          .contains("Claude says: hi claude");
      assertThat(blocking.model()).isEqualTo("claude-test");
    }
  }

  @Test
  void streamedToolCallsAndUsageFromDashScopeNative() {
    try (FakeUpstream qwen = FakeUpstream.start().respond(DashScopeUpstreamScript::answer);
        TestGateway gateway =
            TestGateway.start(
                TestGateway.authBlock()
                    + """
            upstreams:
              - name: qwen
                type: dashscope
                base_url: http://127.0.0.1:%d/api/v1
                api_key: sk-qwen
            routes:
              - model: qwen-test
                targets: [{upstream: qwen, model: qwen-plus}]
            """
                        .formatted(qwen.port()))) {
      OpenAIClient client = gateway.openAiClient();
      ChatCompletionFunctionTool weather =
          ChatCompletionFunctionTool.builder()
              .function(FunctionDefinition.builder().name("get_weather").build())
              .build();
      StringBuilder arguments = new StringBuilder();
      String[] id = new String[1];
      String[] finish = new String[1];
      long[] total = new long[1];
      try (StreamResponse<ChatCompletionChunk> stream =
          client
              .chat()
              .completions()
              .createStreaming(
                  ChatCompletionCreateParams.builder()
                      .model("qwen-test")
                      .addUserMessage("What is the weather in Hangzhou?")
                      .addTool(weather)
                      .streamOptions(
                          ChatCompletionStreamOptions.builder().includeUsage(true).build())
                      .build())) {
        stream.stream()
            .forEach(
                chunk -> {
                  chunk.usage().ifPresent(u -> total[0] = u.totalTokens());
                  chunk
                      .choices()
                      .forEach(
                          choice -> {
                            choice.finishReason().ifPresent(f -> finish[0] = f.asString());
                            choice
                                .delta()
                                .toolCalls()
                                .ifPresent(
                                    calls ->
                                        calls.forEach(
                                            call -> {
                                              call.id().ifPresent(v -> id[0] = v);
                                              call.function()
                                                  .flatMap(f -> f.arguments())
                                                  .ifPresent(arguments::append);
                                            }));
                          });
                });
      }
      assertThat(id[0]).isEqualTo("call_q1");
      assertThat(arguments.toString()).isEqualTo("{\"city\": \"Hangzhou\"}");
      assertThat(finish[0]).isEqualTo("tool_calls");
      assertThat(total[0]).isEqualTo(18);
      assertThat(qwen.lastRequest().header("x-dashscope-sse")).isEqualTo("enable");

      StringBuilder text = new StringBuilder();
      try (StreamResponse<ChatCompletionChunk> stream =
          client
              .chat()
              .completions()
              .createStreaming(
                  ChatCompletionCreateParams.builder()
                      .model("qwen-test")
                      .addUserMessage("hello qwen")
                      .build())) {
        stream.stream()
            .forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
      }
      assertThat(text.toString()).isEqualTo("Qwen says: hello qwen");
      ChatCompletion blocking =
          client
              .chat()
              .completions()
              .create(
                  ChatCompletionCreateParams.builder()
                      .model("qwen-test")
                      .addUserMessage("hi")
                      .build());
      assertThat(blocking.choices().getFirst().message().content()).contains("Qwen says: hi");
      assertThat(blocking.id()).isEqualTo("req-qwen");
    }
  }
}

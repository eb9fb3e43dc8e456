package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.modelgate.testing.JsonTrees;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.StreamedChat;
import dev.modelgate.testkit.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Dify apps (chat, agent, workflow) served as models and reached by the official OpenAI Java SDK,
 * blocking and streaming, with conversations continued across the client's stateless calls.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DifyAppEndToEndTest {
  private final DifyAppScript dify = new DifyAppScript();
  private FakeUpstream upstream;
  private TestGateway gateway;
  private OpenAIClient client;

  @BeforeAll
  void start() {
    upstream = FakeUpstream.start().respond(dify::answer);
    String base = "http://127.0.0.1:" + upstream.port() + "/v1";
    gateway =
        TestGateway.start(
            TestGateway.authBlock()
                + """
                upstreams:
                  - name: hr-bot
                    type: dify
                    base_url: %s
                    api_key: app-chat
                    inputs: {department: hr}
                  - name: researcher
                    type: dify
                    app_type: agent
                    base_url: %s
                    api_key: app-agent
                  - name: summarizer
                    type: dify
                    app_type: workflow
                    base_url: %s
                    api_key: app-workflow
                    answer_output: text
                routes:
                  - model: hr-assistant
                    targets: [{upstream: hr-bot, model: hr-assistant}]
                  - model: researcher
                    targets: [{upstream: researcher, model: researcher}]
                  - model: summarizer
                    targets: [{upstream: summarizer, model: summarizer}]
                """
                    .formatted(base, base, base));
    client = gateway.openAiClient();
  }

  @BeforeEach
  void clear() {
    upstream.reset();
    upstream.respond(dify::answer);
  }

  @AfterAll
  void stop() {
    gateway.close();
    upstream.close();
  }

  private JsonNode lastDifyBody() {
    return JsonTrees.tree(upstream.lastRequest().bodyText());
  }

  @Test
  void aChatAppAnswersAndTheConversationContinues() {
    ChatCompletion first =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("hr-assistant")
                    .addUserMessage("How many vacation days do I have?")
                    .user("alice")
                    .build());
    String answer = first.choices().get(0).message().content().orElseThrow();
    assertThat(answer).isEqualTo("turn 1: How many vacation days do I have?");
    assertThat(first.usage().orElseThrow().promptTokens()).isEqualTo(1033);
    assertThat(first.usage().orElseThrow().completionTokens()).isEqualTo(12);
    JsonNode sent = lastDifyBody();
    assertThat(sent.path("user").asText()).isEqualTo("alice");
    assertThat(sent.path("response_mode").asText()).isEqualTo("blocking");
    assertThat(sent.path("inputs").path("department").asText()).isEqualTo("hr");
    assertThat(sent.has("conversation_id")).isFalse();
    assertThat(upstream.lastRequest().header("authorization")).isEqualTo("Bearer app-chat");

    ChatCompletion second =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("hr-assistant")
                    .addUserMessage("How many vacation days do I have?")
                    .addAssistantMessage(answer)
                    .addUserMessage("And sick days?")
                    .user("alice")
                    .build());
    assertThat(second.choices().get(0).message().content()).contains("turn 2: And sick days?");
    assertThat(lastDifyBody().path("conversation_id").asText()).isNotEmpty();
    assertThat(lastDifyBody().path("query").asText()).isEqualTo("And sick days?");
  }

  @Test
  void aConversationDifyForgotIsStartedAgainWithTheHistoryFolded() {
    ChatCompletion first =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("hr-assistant")
                    .addUserMessage("Remember the number 7")
                    .user("bob")
                    .build());
    dify.turns.clear();
    ChatCompletion second =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("hr-assistant")
                    .addUserMessage("Remember the number 7")
                    .addAssistantMessage(first.choices().get(0).message().content().orElseThrow())
                    .addUserMessage("Which number?")
                    .user("bob")
                    .build());
    assertThat(second.choices().get(0).message().content().orElseThrow())
        .startsWith("turn 1: Conversation so far:")
        .contains("User: Remember the number 7")
        .endsWith("User: Which number?");
    assertThat(upstream.requests()).hasSize(3);
  }

  @Test
  void aChatAppStreamsThroughTheSdk() {
    StreamedChat answer =
        StreamedChat.of(
            client,
            ChatCompletionCreateParams.builder()
                .model("hr-assistant")
                .addUserMessage("Stream the policy")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build());
    assertThat(answer.text()).isEqualTo("turn 1: Stream the policy");
    assertThat(answer.finish()).isEqualTo("stop");
    assertThat(answer.totalTokens()).isEqualTo(1045);
    assertThat(lastDifyBody().path("user").asText()).isEqualTo("modelgate");
  }

  @Test
  void anAgentAppAnswersABlockingClientFromItsStream() {
    ChatCompletion reply =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("researcher")
                    .addUserMessage("Find the latest revenue figure")
                    .build());
    assertThat(reply.choices().get(0).message().content())
        .contains("turn 1: Find the latest revenue figure");
    assertThat(reply.usage().orElseThrow().totalTokens()).isEqualTo(1045);
    assertThat(lastDifyBody().path("response_mode").asText()).isEqualTo("streaming");
  }

  @Test
  void aWorkflowTakesTheMessageAsItsQueryInput() {
    ChatCompletion reply =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("summarizer")
                    .addUserMessage("the Q3 report")
                    .build());
    assertThat(reply.choices().get(0).message().content()).contains("summary of the Q3 report");
    assertThat(reply.usage().orElseThrow().totalTokens()).isEqualTo(321);
    assertThat(upstream.lastRequest().path()).isEqualTo("/v1/workflows/run");
    assertThat(lastDifyBody().path("inputs").path("query").asText()).isEqualTo("the Q3 report");

    StringBuilder streamed = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream =
        client
            .chat()
            .completions()
            .createStreaming(
                ChatCompletionCreateParams.builder()
                    .model("summarizer")
                    .addUserMessage("the Q4 report")
                    .build())) {
      stream.stream()
          .forEach(
              c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(streamed::append)));
    }
    assertThat(streamed.toString()).isEqualTo("summary of the Q4 report");
  }
}

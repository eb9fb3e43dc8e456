package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.testing.JsonTrees;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.TestGateway;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Stream continuation for a client of Anthropic's protocol, with the Anthropic SDK: a stream that
 * breaks after some text, typed (an OpenAI-compatible upstream) or relayed as Claude sent it, goes
 * on from a target that continues the text as an assistant prefix, and the client accumulates one
 * message (one message_start, the text in one block, the continuation's stop reason and usage).
 */
class AnthropicStreamContinuationEndToEndTest {
  private static byte[] event(String name, String data) {
    return ("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] textDelta(String text) {
    return event(
        "content_block_delta",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\""
            + text
            + "\"}}");
  }

  /** Claude's stream: the message and its text block started, two pieces, then a reset. */
  private static FakeResponse claudeBreaking() {
    return FakeResponse.raw(
            200,
            "text/event-stream",
            List.of(
                event(
                    "message_start",
                    "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"claude-upstream\",\"content\":[],"
                        + "\"stop_reason\":null,\"stop_sequence\":null,"
                        + "\"usage\":{\"input_tokens\":30,\"output_tokens\":1}}}"),
                event(
                    "content_block_start",
                    "{\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                textDelta("Hello"),
                textDelta(" world"),
                textDelta(" lost")))
        .resetAfter(4);
  }

  private static String yaml(String firstUpstream, int second) {
    return TestGateway.authBlock()
        + """
        upstreams:
          - %s
          - {name: second, type: openai, dialect: vllm, base_url: "http://127.0.0.1:%d/v1"}
        routes:
          - model: chat
            targets: [{upstream: first, model: m1}, {upstream: second, model: m2}]
            fallback: {continue_streams: true}
        """
            .formatted(firstUpstream, second);
  }

  private record Seen(Message message, List<String> events) {
    String text() {
      return message.content().stream()
          .flatMap(block -> block.text().stream())
          .map(text -> text.text())
          .collect(Collectors.joining());
    }
  }

  private static Seen stream(TestGateway gateway) {
    AnthropicClient client = gateway.anthropicClient(TestGateway.KEY);
    MessageAccumulator accumulator = MessageAccumulator.create();
    List<String> events = new ArrayList<>();
    try (StreamResponse<RawMessageStreamEvent> stream =
        client
            .messages()
            .createStreaming(
                MessageCreateParams.builder()
                    .model("chat")
                    .maxTokens(256)
                    .addUserMessage("Greet me")
                    .build())) {
      stream.stream()
          .forEach(
              event -> {
                accumulator.accumulate(event);
                events.add(
                    event.isMessageStart()
                        ? "message_start"
                        : event.isContentBlockStart()
                            ? "content_block_start"
                            : event.isContentBlockStop()
                                ? "content_block_stop"
                                : event.isMessageStop() ? "message_stop" : "other");
              });
    }
    return new Seen(accumulator.message(), events);
  }

  private static void assertOneWholeMessage(Seen seen) {
    assertThat(seen.text()).isEqualTo("Hello world, how are you?");
    assertThat(seen.message().stopReason()).contains(StopReason.END_TURN);
    assertThat(seen.message().usage().outputTokens()).isEqualTo(5);
    assertThat(seen.events()).filteredOn("message_start"::equals).hasSize(1);
    assertThat(seen.events()).filteredOn("content_block_start"::equals).hasSize(1);
    assertThat(seen.events()).last().isEqualTo("message_stop");
  }

  private static void assertAskedToContinue(FakeUpstream second) {
    JsonNode sent = JsonTrees.tree(second.lastRequest().bodyText());
    JsonNode last = sent.path("messages").get(sent.path("messages").size() - 1);
    assertThat(last.path("role").asText()).isEqualTo("assistant");
    assertThat(last.path("content").asText()).isEqualTo("Hello world");
    assertThat(sent.path("continue_final_message").asBoolean()).isTrue();
  }

  /**
   * A stream from {@code first} (its upstream entry, {@code %d} its port) that breaks and goes on.
   */
  private static void continuesAfter(FakeResponse breaking, String firstUpstream) {
    try (FakeUpstream first = FakeUpstream.start().respond(breaking);
        FakeUpstream second =
            FakeUpstream.start().respond(StreamContinuationEndToEndTest.continuing());
        TestGateway gateway =
            TestGateway.start(yaml(firstUpstream.formatted(first.port()), second.port()))) {
      assertOneWholeMessage(stream(gateway));
      assertAskedToContinue(second);
    }
  }

  @Test
  void aTypedStreamBrokenOnAnOpenAiCompatibleUpstreamGoesOn() {
    continuesAfter(
        StreamContinuationEndToEndTest.breaking(),
        "{name: first, type: openai, dialect: vllm, base_url: \"http://127.0.0.1:%d/v1\"}");
  }

  @Test
  void aClaudeStreamRelayedAsItCameGoesOnInTheSameTextBlock() {
    continuesAfter(
        claudeBreaking(),
        "{name: first, type: anthropic, api_key: sk-ant, base_url: \"http://127.0.0.1:%d\"}");
  }
}

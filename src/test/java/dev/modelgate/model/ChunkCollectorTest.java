package dev.modelgate.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.error.UpstreamProtocol;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkCollectorTest {
  private static ChatChunk chunk(List<ChunkChoice> choices, Usage usage) {
    return new ChatChunk("chatcmpl-1", 7, "m", choices, usage, "fp", null);
  }

  private static ChunkChoice choice(int index, MessageDelta delta, FinishReason finish) {
    return new ChunkChoice(index, delta, finish, null);
  }

  private static MessageDelta calls(ToolCallDelta... deltas) {
    return new MessageDelta(null, null, null, null, List.of(deltas), null);
  }

  private static JsonNode json(String text) throws IOException {
    return new ObjectMapper().readTree(text);
  }

  @Test
  void eachChoiceIsAssembledApartWithItsToolCallsAndFinishReason() {
    ChunkCollector collector = new ChunkCollector();
    collector.add(
        chunk(
            List.of(
                choice(0, MessageDelta.text("Hel"), null),
                choice(1, calls(new ToolCallDelta(0, "call_a", "function", "f", "{\"a\":")), null)),
            null));
    collector.add(
        chunk(
            List.of(
                choice(0, MessageDelta.text("lo"), FinishReason.STOP),
                choice(1, calls(new ToolCallDelta(0, null, null, null, "1}")), null)),
            null));
    collector.add(
        chunk(
            List.of(
                choice(1, calls(new ToolCallDelta(1, "call_b", null, "g", "{}")), null),
                choice(
                    1,
                    new MessageDelta(null, null, null, null, List.of(), null),
                    FinishReason.TOOL_CALLS)),
            null));
    collector.add(chunk(List.of(), Usage.of(5, 9)));

    ChatResponse whole = collector.response();
    assertThat(whole.id()).isEqualTo("chatcmpl-1");
    assertThat(whole.systemFingerprint()).isEqualTo("fp");
    assertThat(whole.usage()).isEqualTo(Usage.of(5, 9));
    assertThat(whole.choices()).hasSize(2);
    ChatChoice text = whole.choices().get(0);
    assertThat(text.index()).isZero();
    assertThat(text.message().text()).isEqualTo("Hello");
    assertThat(text.finishReason()).isEqualTo(FinishReason.STOP);
    ChatChoice tools = whole.choices().get(1);
    assertThat(tools.message().content()).isNull();
    assertThat(tools.message().toolCalls())
        .containsExactly(
            new ToolCall("call_a", "function", "f", "{\"a\":1}"),
            new ToolCall("call_b", "function", "g", "{}"));
    assertThat(tools.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @Test
  void reasoningRefusalAndLogprobsContinueAcrossChunks() throws IOException {
    ChunkCollector collector = new ChunkCollector();
    collector.add(
        chunk(
            List.of(
                new ChunkChoice(
                    0,
                    new MessageDelta(Role.ASSISTANT, null, "think ", "I can", List.of(), null),
                    null,
                    json("{\"content\":null,\"refusal\":[{\"token\":\"I\"}]}"))),
            null));
    collector.add(
        chunk(
            List.of(
                new ChunkChoice(
                    0,
                    new MessageDelta(null, null, "harder", "not.", List.of(), null),
                    FinishReason.STOP,
                    json("{\"refusal\":[{\"token\":\" can\"},{\"token\":\"not.\"}]}"))),
            null));

    ChatChoice choice = collector.response().choices().getFirst();
    assertThat(choice.message().reasoning()).isEqualTo("think harder");
    assertThat(choice.message().refusal()).isEqualTo("I cannot.");
    assertThat(choice.message().content()).isNull();
    assertThat(choice.logprobs().path("refusal")).hasSize(3);
  }

  @Test
  void aStreamWithoutChunksIsAProtocolError() {
    assertThatThrownBy(() -> new ChunkCollector().response()).isInstanceOf(UpstreamProtocol.class);
  }

  @Test
  void aTextCompletionsChunksMakeOneCompletionPerChoice() throws IOException {
    CompletionResponse completion =
        ChunkCollector.completion(
            List.of(
                new CompletionResponse(
                    "cmpl-1",
                    3,
                    "m",
                    List.of(
                        new CompletionChoice(
                            0, "Once", null, json("{\"tokens\":[\"Once\"],\"text_offset\":[0]}")),
                        new CompletionChoice(1, "Twice", null, null)),
                    null),
                new CompletionResponse(
                    "cmpl-1",
                    3,
                    "m",
                    List.of(
                        new CompletionChoice(
                            0,
                            " upon",
                            FinishReason.LENGTH,
                            json("{\"tokens\":[\" upon\"],\"text_offset\":[4]}"))),
                    null),
                new CompletionResponse("cmpl-1", 3, "m", List.of(), Usage.of(1, 3))));

    assertThat(completion.usage()).isEqualTo(Usage.of(1, 3));
    assertThat(completion.choices())
        .extracting(CompletionChoice::text)
        .containsExactly("Once upon", "Twice");
    assertThat(completion.choices().get(0).finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(completion.choices().get(0).logprobs().path("tokens")).hasSize(2);
    assertThat(completion.choices().get(1).finishReason()).isEqualTo(FinishReason.STOP);
  }
}

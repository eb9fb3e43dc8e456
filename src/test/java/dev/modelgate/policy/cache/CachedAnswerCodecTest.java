package dev.modelgate.policy.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.codec.Json;
import dev.modelgate.model.ChatChoice;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.ChunkChoice;
import dev.modelgate.model.CompletionChoice;
import dev.modelgate.model.CompletionResponse;
import dev.modelgate.model.ContentPart;
import dev.modelgate.model.Embedding;
import dev.modelgate.model.EmbeddingResponse;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.Message;
import dev.modelgate.model.MessageContent;
import dev.modelgate.model.MessageDelta;
import dev.modelgate.model.RelayedBody;
import dev.modelgate.model.RelayedChunk;
import dev.modelgate.model.RerankResponse;
import dev.modelgate.model.Role;
import dev.modelgate.model.ToolCall;
import dev.modelgate.model.ToolCallDelta;
import dev.modelgate.model.Usage;
import dev.modelgate.model.WireProtocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of answer the cache keeps survives the trip through bytes (the Redis tier). */
class CachedAnswerCodecTest {
  private static final Instant AT = Instant.parse("2030-01-31T12:00:00.123456Z");

  private static CachedAnswer roundTrip(CachedAnswer answer) throws IOException {
    byte[] bytes = CachedAnswerCodec.encode(answer);
    CachedAnswer back = CachedAnswerCodec.decode(bytes);
    assertThat(CachedAnswerCodec.encode(back)).isEqualTo(bytes);
    assertThat(back.storedAt()).isEqualTo(AT);
    return back;
  }

  @Test
  void aTypedChatAnswerWithToolCallsPartsAndExtensions() throws IOException {
    var extensions =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            Json.parse("{\"provider_field\":1.5}".getBytes(StandardCharsets.UTF_8));
    Message message =
        new Message(
            Role.ASSISTANT,
            new MessageContent.Parts(
                List.of(
                    new ContentPart.Text("look: "),
                    new ContentPart.Image("https://example.com/a.png", "low"),
                    new ContentPart.Other("file", Json.object().put("type", "file")))),
            null,
            List.of(new ToolCall("call_1", "function", "lookup", "{\"q\":\"x\"}")),
            null,
            "thinking",
            null,
            extensions);
    ChatResponse chat =
        new ChatResponse(
            "id-1",
            42,
            "m",
            List.of(new ChatChoice(0, message, FinishReason.TOOL_CALLS, null)),
            new Usage(10, 5, 15, 3L, null, true, null),
            "fp",
            null);

    CachedAnswer back = roundTrip(new CachedAnswer.Whole(chat, AT));
    assertThat(back).isEqualTo(new CachedAnswer.Whole(chat, AT));
  }

  @Test
  void streamsOfEveryKindOfEvent() throws IOException {
    List<dev.modelgate.model.StreamItem> items =
        List.of(
            new ChatChunk(
                "c",
                1,
                "m",
                List.of(
                    new ChunkChoice(
                        0,
                        new MessageDelta(
                            Role.ASSISTANT,
                            "hi",
                            null,
                            null,
                            List.of(new ToolCallDelta(0, "t", "function", "f", "{")),
                            null),
                        null,
                        null)),
                null,
                null,
                null),
            new CompletionResponse(
                "x",
                2,
                "m",
                List.of(new CompletionChoice(0, "text", FinishReason.STOP, null)),
                null),
            new RelayedChunk(
                WireProtocol.ANTHROPIC,
                "message_stop",
                "{\"type\":\"message_stop\"}".getBytes(StandardCharsets.UTF_8),
                Usage.of(1, 2),
                true));

    CachedAnswer.Streamed back =
        (CachedAnswer.Streamed) roundTrip(new CachedAnswer.Streamed(items, AT));
    assertThat(back.items().subList(0, 2)).isEqualTo(items.subList(0, 2));
    RelayedChunk relayed = (RelayedChunk) back.items().get(2);
    assertThat(new String(relayed.data(), StandardCharsets.UTF_8))
        .isEqualTo("{\"type\":\"message_stop\"}");
    assertThat(relayed.event()).isEqualTo("message_stop");
    assertThat(relayed.usageOnly()).isTrue();
  }

  @Test
  void relayedEmbeddingAndRerankAnswers() throws IOException {
    RelayedBody relayed =
        new RelayedBody(
            WireProtocol.OPENAI,
            "{\"object\":\"chat.completion\"}".getBytes(StandardCharsets.UTF_8),
            null);
    CachedAnswer.Whole back = (CachedAnswer.Whole) roundTrip(new CachedAnswer.Whole(relayed, AT));
    assertThat(((RelayedBody) back.body()).json()).isEqualTo(relayed.json());

    EmbeddingResponse embeddings =
        new EmbeddingResponse(
            "e", List.of(new Embedding(0, new float[] {0.25f, -1.5e-7f})), Usage.of(3, 0));
    EmbeddingResponse vectors =
        (EmbeddingResponse)
            ((CachedAnswer.Whole) roundTrip(new CachedAnswer.Whole(embeddings, AT))).body();
    assertThat(vectors.data().getFirst().vector()).containsExactly(0.25f, -1.5e-7f);

    RerankResponse rerank =
        new RerankResponse(
            "r", "m", List.of(new RerankResponse.Result(1, 0.9, "doc")), Usage.of(4, 0));
    assertThat(roundTrip(new CachedAnswer.Whole(rerank, AT)))
        .isEqualTo(new CachedAnswer.Whole(rerank, AT));
  }

  @Test
  void bytesThatAreNoAnswerAreRefused() {
    assertThatThrownBy(
            () -> CachedAnswerCodec.decode("{\"storedAt\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfAny(IOException.class, RuntimeException.class);
    assertThatThrownBy(
            () ->
                CachedAnswerCodec.decode(
                    ("{\"storedAt\":\"" + AT + "\",\"body\":{\"@type\":\"java.lang.Runtime\"}}")
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
  }
}

package dev.modelgate.codec;

import static dev.modelgate.testing.JsonTrees.assertSameJson;
import static dev.modelgate.testing.JsonTrees.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.ChunkChoice;
import dev.modelgate.model.Embedding;
import dev.modelgate.model.EmbeddingResponse;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.Message;
import dev.modelgate.model.Role;
import dev.modelgate.model.ToolCall;
import dev.modelgate.model.ToolCallDelta;
import dev.modelgate.model.Usage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiResponseCodecTest {

  static final String CHAT_RESPONSE =
      """
      {
        "id": "chatcmpl-AbC123",
        "object": "chat.completion",
        "created": 1735689600,
        "model": "gpt-4o-2024-08-06",
        "choices": [
          {
            "index": 0,
            "message": {
              "role": "assistant",
              "content": null,
              "reasoning_content": "The user wants the weather; call the tool.",
              "tool_calls": [
                {"id": "call_abc", "type": "function",
                 "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}}
              ],
              "annotations": []
            },
            "logprobs": {"content": [
              {"token": "Hi", "logprob": -0.0012, "bytes": [72, 105],
               "top_logprobs": [{"token": "Hi", "logprob": -0.0012, "bytes": [72, 105]}]}
            ], "refusal": null},
            "finish_reason": "tool_calls"
          },
          {
            "index": 1,
            "message": {"role": "assistant", "content": null, "refusal": "I can't help with that."},
            "logprobs": null,
            "finish_reason": "stop"
          }
        ],
        "usage": {
          "prompt_tokens": 1200,
          "completion_tokens": 80,
          "total_tokens": 1280,
          "prompt_tokens_details": {"cached_tokens": 1024, "audio_tokens": 0},
          "completion_tokens_details": {"reasoning_tokens": 64, "audio_tokens": 0,
                                        "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
        },
        "system_fingerprint": "fp_50cad350e4",
        "service_tier": "default",
        "x_request_cost": {"usd": 0.0042}
      }""";

  @Test
  void chatResponseRoundTripsUnchanged() {
    ChatResponse response = OpenAiResponseCodec.decodeChat(tree(CHAT_RESPONSE));

    assertSameJson(OpenAiResponseCodec.encodeChat(response), CHAT_RESPONSE);
  }

  @Test
  void chatResponseDecodesTypedFields() {
    ChatResponse response = OpenAiResponseCodec.decodeChat(tree(CHAT_RESPONSE));

    assertThat(response.id()).isEqualTo("chatcmpl-AbC123");
    assertThat(response.created()).isEqualTo(1735689600L);
    assertThat(response.systemFingerprint()).isEqualTo("fp_50cad350e4");
    assertThat(response.extensions().path("service_tier").asText()).isEqualTo("default");
    assertThat(response.choices()).hasSize(2);

    Message first = response.choices().get(0).message();
    assertThat(first.reasoning()).isEqualTo("The user wants the weather; call the tool.");
    assertThat(first.toolCalls())
        .containsExactly(
            new ToolCall("call_abc", "function", "get_weather", "{\"city\":\"Paris\"}"));
    assertThat(response.choices().get(0).finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.choices().get(0).logprobs().path("content").get(0).path("token").asText())
        .isEqualTo("Hi");

    assertThat(response.choices().get(1).message().refusal()).isEqualTo("I can't help with that.");
    assertThat(response.choices().get(1).logprobs()).isNull();

    Usage usage = response.usage();
    assertThat(usage.promptTokens()).isEqualTo(1200);
    assertThat(usage.completionTokens()).isEqualTo(80);
    assertThat(usage.totalTokens()).isEqualTo(1280);
    assertThat(usage.cachedTokens()).isEqualTo(1024L);
    assertThat(usage.reasoningTokens()).isEqualTo(64L);
  }

  static final String FIRST_CHUNK =
      """
      {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1735689600, "model": "o4-mini",
       "system_fingerprint": "fp_1", "service_tier": "default", "obfuscation": "k3Xq",
       "choices": [{"index": 0,
         "delta": {"role": "assistant", "content": "", "reasoning_content": "Let me think",
                   "refusal": "no",
                   "tool_calls": [
                     {"index": 0, "id": "call_a", "type": "function",
                      "function": {"name": "get_weather", "arguments": ""}},
                     {"index": 1, "id": "call_b", "type": "function",
                      "function": {"name": "get_time", "arguments": "{\\""}}]},
         "logprobs": {"content": [{"token": "", "logprob": -0.5, "bytes": [], "top_logprobs": []}],
                      "refusal": null},
         "finish_reason": null}]}""";

  static final String MIDDLE_CHUNK =
      """
      {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1735689600, "model": "o4-mini",
       "obfuscation": "Zz",
       "choices": [{"index": 0,
         "delta": {"tool_calls": [{"index": 1, "function": {"arguments": "tz\\":\\"UTC\\"}"}}]},
         "finish_reason": null}]}""";

  static final String LAST_CHUNK =
      """
      {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1735689600, "model": "o4-mini",
       "choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}""";

  static final String USAGE_CHUNK =
      """
      {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1735689600, "model": "o4-mini",
       "choices": [],
       "usage": {"prompt_tokens": 50, "completion_tokens": 20, "total_tokens": 70,
                 "prompt_tokens_details": {"cached_tokens": 32},
                 "completion_tokens_details": {"reasoning_tokens": 12}}}""";

  @ParameterizedTest(name = "chunk {index}")
  @ValueSource(strings = {FIRST_CHUNK, MIDDLE_CHUNK, LAST_CHUNK, USAGE_CHUNK})
  void streamChunksRoundTripUnchanged(String chunk) {
    ChatChunk decoded = OpenAiResponseCodec.decodeChunk(tree(chunk));

    assertSameJson(OpenAiResponseCodec.encodeChunk(decoded), chunk);
  }

  @Test
  void firstChunkDecodesDelta() {
    ChatChunk chunk = OpenAiResponseCodec.decodeChunk(tree(FIRST_CHUNK));

    ChunkChoice choice = chunk.choices().get(0);
    assertThat(choice.finishReason()).isNull();
    assertThat(choice.logprobs()).isNotNull();
    assertThat(choice.delta().role()).isEqualTo(Role.ASSISTANT);
    assertThat(choice.delta().content()).isEmpty();
    assertThat(choice.delta().reasoning()).isEqualTo("Let me think");
    assertThat(choice.delta().refusal()).isEqualTo("no");
    assertThat(choice.delta().toolCalls())
        .containsExactly(
            new ToolCallDelta(0, "call_a", "function", "get_weather", ""),
            new ToolCallDelta(1, "call_b", "function", "get_time", "{\""));
    assertThat(chunk.extensions().path("obfuscation").asText()).isEqualTo("k3Xq");
    assertThat(chunk.usageOnly()).isFalse();
  }

  @Test
  void laterToolCallFragmentCarriesOnlyIndexAndArguments() {
    ChatChunk chunk = OpenAiResponseCodec.decodeChunk(tree(MIDDLE_CHUNK));

    assertThat(chunk.choices().get(0).delta().toolCalls())
        .containsExactly(new ToolCallDelta(1, null, null, null, "tz\":\"UTC\"}"));
  }

  @Test
  void usageChunkIsUsageOnly() {
    ChatChunk chunk = OpenAiResponseCodec.decodeChunk(tree(USAGE_CHUNK));

    assertThat(chunk.usageOnly()).isTrue();
    assertThat(chunk.usage().cachedTokens()).isEqualTo(32L);
    assertThat(chunk.usage().reasoningTokens()).isEqualTo(12L);
  }

  @Test
  void unknownFinishReasonEndsNormally() {
    ChatChunk chunk =
        OpenAiResponseCodec.decodeChunk(
            tree(
                "{\"id\":\"c\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{},\"finish_reason\":\"eos_token\"}]}"));

    assertThat(chunk.choices().get(0).finishReason()).isEqualTo(FinishReason.STOP);
  }

  private static final float[] FIRST = {0.1f, -2.5f, 0f, 1e-8f, Float.MAX_VALUE, -0.0f};
  private static final float[] SECOND = {3.14159f, 42f};

  private static EmbeddingResponse embeddings() {
    return new EmbeddingResponse(
        "text-embedding-3-small",
        List.of(new Embedding(0, FIRST), new Embedding(1, SECOND)),
        Usage.of(8, 0));
  }

  @Test
  void embeddingsAsFloats() {
    JsonNode root = tree(OpenAiResponseCodec.encodeEmbeddings(embeddings(), false));

    assertThat(root.path("object").asText()).isEqualTo("list");
    assertThat(root.path("model").asText()).isEqualTo("text-embedding-3-small");
    assertThat(root.path("data")).hasSize(2);
    JsonNode first = root.path("data").get(0);
    assertThat(first.path("object").asText()).isEqualTo("embedding");
    assertThat(first.path("index").asInt()).isZero();
    assertThat(floats(first.path("embedding"))).containsExactly(FIRST);
    assertThat(root.path("data").get(1).path("index").asInt()).isEqualTo(1);
    assertThat(floats(root.path("data").get(1).path("embedding"))).containsExactly(SECOND);
    assertSameJson(root.path("usage"), tree("{\"prompt_tokens\": 8, \"total_tokens\": 8}"));
  }

  @Test
  void embeddingsAsLittleEndianBase64() {
    JsonNode root = tree(OpenAiResponseCodec.encodeEmbeddings(embeddings(), true));

    JsonNode first = root.path("data").get(0).path("embedding");
    assertThat(first.isTextual()).isTrue();
    assertThat(decodeBase64Floats(first.asText())).containsExactly(FIRST);
    assertThat(decodeBase64Floats(root.path("data").get(1).path("embedding").asText()))
        .containsExactly(SECOND);
  }

  @Test
  void base64EmbeddingMatchesKnownBytes() {
    // 1.0f is 0x3F800000: little-endian bytes 00 00 80 3F.
    EmbeddingResponse one =
        new EmbeddingResponse("m", List.of(new Embedding(0, new float[] {1.0f})), null);

    JsonNode root = tree(OpenAiResponseCodec.encodeEmbeddings(one, true));

    assertThat(root.path("data").get(0).path("embedding").asText())
        .isEqualTo(Base64.getEncoder().encodeToString(new byte[] {0, 0, (byte) 0x80, 0x3F}));
    assertThat(root.has("usage")).isFalse();
  }

  private static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).floatValue();
    }
    return out;
  }

  private static float[] decodeBase64Floats(String base64) {
    ByteBuffer buffer =
        ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[buffer.remaining() / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = buffer.getFloat();
    }
    return out;
  }
}

package dev.modelgate.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.model.ChatChoice;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.ChunkChoice;
import dev.modelgate.model.CompletionChoice;
import dev.modelgate.model.CompletionResponse;
import dev.modelgate.model.Embedding;
import dev.modelgate.model.EmbeddingResponse;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.MessageDelta;
import dev.modelgate.model.Role;
import dev.modelgate.model.ToolCallDelta;
import dev.modelgate.model.Usage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** OpenAI response bodies and stream chunks to and from the canonical responses. */
public final class OpenAiResponseCodec {
  private static final Set<String> TOP_KNOWN =
      Set.of("id", "object", "created", "model", "choices", "usage", "system_fingerprint");
  private static final Set<String> DELTA_KNOWN =
      Set.of("role", "content", "reasoning_content", "refusal", "tool_calls");

  private OpenAiResponseCodec() {}

  public static byte[] encodeChat(ChatResponse response) {
    ObjectNode root =
        header(response.id(), "chat.completion", response.created(), response.model());
    ArrayNode choices = root.putArray("choices");
    for (ChatChoice choice : response.choices()) {
      ObjectNode c = choices.addObject().put("index", choice.index());
      c.set("message", OpenAiMessageCodec.encode(choice.message()));
      c.set("logprobs", choice.logprobs());
      putFinish(c, choice.finishReason());
    }
    if (response.usage() != null) {
      root.set("usage", OpenAiUsageCodec.encode(response.usage()));
    }
    putFingerprint(root, response.systemFingerprint());
    Json.merge(root, response.extensions());
    return Json.bytes(root);
  }

  public static byte[] encodeChunk(ChatChunk chunk) {
    ObjectNode root = header(chunk.id(), "chat.completion.chunk", chunk.created(), chunk.model());
    ArrayNode choices = root.putArray("choices");
    for (ChunkChoice choice : chunk.choices()) {
      ObjectNode c = choices.addObject().put("index", choice.index());
      c.set("delta", encodeDelta(choice.delta()));
      if (choice.logprobs() != null) {
        c.set("logprobs", choice.logprobs());
      }
      putFinish(c, choice.finishReason());
    }
    if (chunk.usage() != null) {
      root.set("usage", OpenAiUsageCodec.encode(chunk.usage()));
    }
    putFingerprint(root, chunk.systemFingerprint());
    Json.merge(root, chunk.extensions());
    return Json.bytes(root);
  }

  /** A completion; {@code chunk} picks the stream object name, the shape is the same. */
  public static byte[] encodeCompletion(CompletionResponse response, boolean chunk) {
    ObjectNode root =
        header(response.id(), "text_completion", response.created(), response.model());
    ArrayNode choices = root.putArray("choices");
    for (CompletionChoice choice : response.choices()) {
      ObjectNode c = choices.addObject().put("index", choice.index()).put("text", choice.text());
      c.set("logprobs", choice.logprobs());
      putFinish(c, choice.finishReason());
    }
    if (response.usage() != null) {
      root.set("usage", OpenAiUsageCodec.encode(response.usage()));
    } else if (chunk) {
      root.putNull("usage");
    }
    return Json.bytes(root);
  }

  public static byte[] encodeEmbeddings(EmbeddingResponse response, boolean base64) {
    ObjectNode root = Json.object().put("object", "list");
    ArrayNode data = root.putArray("data");
    for (Embedding embedding : response.data()) {
      ObjectNode e = data.addObject().put("object", "embedding").put("index", embedding.index());
      if (base64) {
        ByteBuffer buffer =
            ByteBuffer.allocate(embedding.vector().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : embedding.vector()) {
          buffer.putFloat(f);
        }
        e.put("embedding", Base64.getEncoder().encodeToString(buffer.array()));
      } else {
        ArrayNode vector = e.putArray("embedding");
        for (float f : embedding.vector()) {
          vector.add(f);
        }
      }
    }
    root.put("model", response.model());
    Usage usage = response.usage();
    if (usage != null) {
      root.putObject("usage")
          .put("prompt_tokens", usage.promptTokens())
          .put("total_tokens", usage.totalTokens());
    }
    return Json.bytes(root);
  }

  public static ChatChunk decodeChunk(JsonNode root) {
    List<ChunkChoice> choices = new ArrayList<>();
    for (JsonNode c : root.path("choices")) {
      choices.add(
          new ChunkChoice(
              c.path("index").asInt(0),
              decodeDelta(c.path("delta")),
              FinishReason.fromWire(Json.text(c, "finish_reason")),
              nullIfNull(c.get("logprobs"))));
    }
    return new ChatChunk(
        root.path("id").asText(""),
        root.path("created").asLong(0),
        root.path("model").asText(""),
        choices,
        OpenAiUsageCodec.decode(root.get("usage")),
        Json.text(root, "system_fingerprint"),
        Json.rest(root, TOP_KNOWN));
  }

  public static ChatResponse decodeChat(JsonNode root) {
    List<ChatChoice> choices = new ArrayList<>();
    for (JsonNode c : root.path("choices")) {
      choices.add(
          new ChatChoice(
              c.path("index").asInt(0),
              OpenAiMessageCodec.decode(c.path("message"), "choices.message"),
              FinishReason.fromWire(Json.text(c, "finish_reason")),
              nullIfNull(c.get("logprobs"))));
    }
    return new ChatResponse(
        root.path("id").asText(""),
        root.path("created").asLong(0),
        root.path("model").asText(""),
        choices,
        OpenAiUsageCodec.decode(root.get("usage")),
        Json.text(root, "system_fingerprint"),
        Json.rest(root, TOP_KNOWN));
  }

  private static MessageDelta decodeDelta(JsonNode delta) {
    List<ToolCallDelta> calls = new ArrayList<>();
    for (JsonNode call : delta.path("tool_calls")) {
      JsonNode function = call.path("function");
      calls.add(
          new ToolCallDelta(
              call.path("index").asInt(0),
              Json.text(call, "id"),
              Json.text(call, "type"),
              Json.text(function, "name"),
              Json.text(function, "arguments")));
    }
    String role = Json.text(delta, "role");
    return new MessageDelta(
        role == null ? null : Role.fromWire(role),
        Json.text(delta, "content"),
        Json.text(delta, "reasoning_content"),
        Json.text(delta, "refusal"),
        calls,
        delta.isObject() ? Json.rest(delta, DELTA_KNOWN) : null);
  }

  private static ObjectNode encodeDelta(MessageDelta delta) {
    ObjectNode node = Json.object();
    if (delta.role() != null) {
      node.put("role", delta.role().wire());
    }
    if (delta.content() != null) {
      node.put("content", delta.content());
    }
    if (delta.reasoning() != null) {
      node.put("reasoning_content", delta.reasoning());
    }
    if (delta.refusal() != null) {
      node.put("refusal", delta.refusal());
    }
    if (!delta.toolCalls().isEmpty()) {
      ArrayNode calls = node.putArray("tool_calls");
      for (ToolCallDelta call : delta.toolCalls()) {
        ObjectNode c = calls.addObject().put("index", call.index());
        if (call.id() != null) {
          c.put("id", call.id());
        }
        if (call.type() != null) {
          c.put("type", call.type());
        }
        ObjectNode function = c.putObject("function");
        if (call.name() != null) {
          function.put("name", call.name());
        }
        function.put("arguments", call.arguments() == null ? "" : call.arguments());
      }
    }
    Json.merge(node, delta.extensions());
    return node;
  }

  private static ObjectNode header(String id, String object, long created, String model) {
    return Json.object()
        .put("id", id)
        .put("object", object)
        .put("created", created)
        .put("model", model);
  }

  private static void putFinish(ObjectNode choice, @Nullable FinishReason reason) {
    if (reason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", reason.wire());
    }
  }

  private static void putFingerprint(ObjectNode root, @Nullable String fingerprint) {
    if (fingerprint != null) {
      root.put("system_fingerprint", fingerprint);
    }
  }

  private static @Nullable JsonNode nullIfNull(@Nullable JsonNode node) {
    return node == null || node.isNull() ? null : node;
  }
}

package dev.modelgate.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.model.ChatChoice;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.Embedding;
import dev.modelgate.model.EmbeddingResponse;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.Message;
import dev.modelgate.model.MessageContent;
import dev.modelgate.model.Role;
import dev.modelgate.model.ToolCall;
import dev.modelgate.model.Usage;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Ollama's final chat object and embed response in canonical form. */
final class OllamaResponses {
  private OllamaResponses() {}

  static ChatResponse chat(JsonNode root, String publicModel) {
    JsonNode message = root.path("message");
    List<ToolCall> calls = calls(message, 0);
    String text = message.path("content").asText("");
    Message reply =
        new Message(
            Role.ASSISTANT,
            calls.isEmpty() || !text.isEmpty() ? new MessageContent.Plain(text) : null,
            null,
            calls,
            null,
            emptyToNull(Json.text(message, "thinking")),
            null,
            null);
    FinishReason finish = finishReason(Json.text(root, "done_reason"), !calls.isEmpty());
    return new ChatResponse(
        "chatcmpl-ollama-" + Long.toHexString(System.nanoTime()),
        System.currentTimeMillis() / 1000,
        publicModel,
        List.of(new ChatChoice(0, reply, finish == null ? FinishReason.STOP : finish, null)),
        usage(root),
        null,
        null);
  }

  /**
   * Ollama's calls have no ids and arguments as objects: ids are synthesised, arguments serialised.
   */
  static List<ToolCall> calls(JsonNode message, int firstIndex) {
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode call : message.path("tool_calls")) {
      JsonNode function = call.path("function");
      String id = Json.text(call, "id");
      calls.add(
          new ToolCall(
              id != null ? id : "call_" + (firstIndex + calls.size()),
              "function",
              function.path("name").asText(),
              function.path("arguments").isMissingNode()
                  ? "{}"
                  : function.path("arguments").toString()));
    }
    return calls;
  }

  static @Nullable FinishReason finishReason(@Nullable String doneReason, boolean hadCalls) {
    if (doneReason == null) {
      return null;
    }
    if (doneReason.equals("length")) {
      return FinishReason.LENGTH;
    }
    return hadCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
  }

  static @Nullable Usage usage(JsonNode root) {
    if (!root.has("prompt_eval_count") && !root.has("eval_count")) {
      return null;
    }
    return Usage.of(root.path("prompt_eval_count").asLong(0), root.path("eval_count").asLong(0));
  }

  static EmbeddingResponse embed(JsonNode root, String publicModel) {
    List<Embedding> data = new ArrayList<>();
    for (JsonNode vector : root.path("embeddings")) {
      float[] values = new float[vector.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) vector.get(i).asDouble();
      }
      data.add(new Embedding(data.size(), values));
    }
    long tokens = root.path("prompt_eval_count").asLong(0);
    return new EmbeddingResponse(
        publicModel, data, new Usage(tokens, 0, tokens, null, null, false, null));
  }

  private static @Nullable String emptyToNull(@Nullable String text) {
    return text == null || text.isEmpty() ? null : text;
  }
}

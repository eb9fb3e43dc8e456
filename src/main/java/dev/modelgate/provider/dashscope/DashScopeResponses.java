package dev.modelgate.provider.dashscope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.codec.OpenAiMessageCodec;
import dev.modelgate.model.ChatChoice;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.Message;
import dev.modelgate.model.Usage;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * DashScope's {@code output.choices} to the canonical response; usage and finish reasons mapped.
 */
final class DashScopeResponses {
  private DashScopeResponses() {}

  static ChatResponse decode(JsonNode root, String publicModel) {
    JsonNode choice = root.path("output").path("choices").path(0);
    ObjectNode message =
        choice.path("message").isObject()
            ? ((ObjectNode) choice.path("message")).deepCopy()
            : Json.object();
    message.put("role", "assistant");
    flattenContent(message);
    Message reply = OpenAiMessageCodec.decode(message, "output.choices[0].message");
    FinishReason finish =
        finishReason(Json.text(choice, "finish_reason"), !reply.toolCalls().isEmpty());
    return new ChatResponse(
        root.path("request_id").asText("dashscope"),
        System.currentTimeMillis() / 1000,
        publicModel,
        List.of(
            new ChatChoice(
                0, reply, finish == null ? FinishReason.STOP : finish, choice.get("logprobs"))),
        usage(root.path("usage")),
        null,
        null);
  }

  /** Multimodal replies hold content as {@code [{"text": ...}]}; clients get the text. */
  static void flattenContent(ObjectNode message) {
    JsonNode content = message.get("content");
    if (content != null && content.isArray()) {
      StringBuilder text = new StringBuilder();
      content.forEach(part -> text.append(part.path("text").asText("")));
      message.put("content", text.toString());
    }
  }

  /**
   * DashScope's finish reason: the string "null" while generating; "stop" even when the message has
   * tool calls, which OpenAI clients expect as "tool_calls".
   */
  static @Nullable FinishReason finishReason(@Nullable String reason, boolean hasToolCalls) {
    if (reason == null || reason.equals("null") || reason.isEmpty()) {
      return null;
    }
    if (hasToolCalls) {
      return FinishReason.TOOL_CALLS;
    }
    return FinishReason.fromWire(reason);
  }

  static @Nullable Usage usage(JsonNode usage) {
    if (!usage.isObject()) {
      return null;
    }
    long input = usage.path("input_tokens").asLong(0);
    long output = usage.path("output_tokens").asLong(0);
    long total = usage.has("total_tokens") ? usage.path("total_tokens").asLong() : input + output;
    Long cached = Json.longValue(usage.path("prompt_tokens_details"), "cached_tokens");
    Long reasoning = Json.longValue(usage.path("output_tokens_details"), "reasoning_tokens");
    return new Usage(input, output, total, cached, reasoning, false, null);
  }
}

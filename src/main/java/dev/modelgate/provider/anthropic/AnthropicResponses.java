package dev.modelgate.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.AnthropicMessagesCodec;
import dev.modelgate.codec.Json;
import dev.modelgate.model.ChatChoice;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.Message;
import dev.modelgate.model.Usage;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An Anthropic message as a canonical chat response: text joined, tool_use as tool calls, thinking
 * as reasoning.
 */
final class AnthropicResponses {
  private AnthropicResponses() {}

  static ChatResponse decode(JsonNode message, String publicModel) {
    Message reply = AnthropicMessagesCodec.assistant(message.path("content"));
    FinishReason finish = finishReason(Json.text(message, "stop_reason"));
    return new ChatResponse(
        message.path("id").asText(""),
        System.currentTimeMillis() / 1000,
        publicModel,
        List.of(new ChatChoice(0, reply, finish, null)),
        usage(message.path("usage"), null),
        null,
        null);
  }

  /** Anthropic's stop reason in OpenAI's vocabulary (docs/wire-formats.md, 0.2). */
  static FinishReason finishReason(@Nullable String stopReason) {
    if (stopReason == null) {
      return FinishReason.STOP;
    }
    return switch (stopReason) {
      case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
      case "tool_use" -> FinishReason.TOOL_CALLS;
      case "refusal" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.STOP;
    };
  }

  /**
   * Usage in OpenAI terms: prompt tokens include cache reads and writes; cache reads are the cached
   * tokens. {@code start} is the usage of {@code message_start}, whose input counts a stream's
   * final {@code message_delta} may not repeat.
   */
  static @Nullable Usage usage(JsonNode usage, @Nullable JsonNode start) {
    if (!usage.isObject()) {
      return null;
    }
    long input = count(usage, start, "input_tokens");
    long cacheRead = count(usage, start, "cache_read_input_tokens");
    long cacheWrite = count(usage, start, "cache_creation_input_tokens");
    long output = usage.path("output_tokens").asLong(0);
    long prompt = input + cacheRead + cacheWrite;
    ObjectNode details = Json.object();
    details
        .putObject("prompt_tokens_details")
        .put("cached_tokens", cacheRead)
        .put("cache_creation_tokens", cacheWrite);
    return new Usage(prompt, output, prompt + output, cacheRead, null, false, details);
  }

  private static long count(JsonNode usage, @Nullable JsonNode start, String field) {
    if (usage.has(field)) {
      return usage.path(field).asLong(0);
    }
    return start == null ? 0 : start.path(field).asLong(0);
  }
}

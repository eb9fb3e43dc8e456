package dev.modelgate.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.provider.spi.ProviderAdapter;
import java.util.Map;

/**
 * How each OpenAI-compatible server is asked to continue a final assistant message rather than
 * answer anew: vLLM by {@code continue_final_message} (with no generation prompt), Moonshot and
 * DashScope's compatible mode by {@code partial} on the message, DeepSeek by {@code prefix} on the
 * message (its beta endpoint). Other dialects have no such switch.
 */
final class AssistantPrefix {
  private enum Style {
    CONTINUE_FINAL_MESSAGE,
    PARTIAL,
    PREFIX
  }

  private static final Map<String, Style> BY_DIALECT =
      Map.of(
          "vllm", Style.CONTINUE_FINAL_MESSAGE,
          "moonshot", Style.PARTIAL,
          "dashscope", Style.PARTIAL,
          "deepseek", Style.PREFIX);

  private AssistantPrefix() {}

  static boolean supported(String dialect) {
    return BY_DIALECT.containsKey(dialect);
  }

  /** Rewrites the gateway's prefix mark on the last message in the dialect's own words. */
  static void mark(ObjectNode body, String dialect) {
    JsonNode messages = body.path("messages");
    if (messages.isEmpty()
        || !(messages.get(messages.size() - 1) instanceof ObjectNode last)
        || !last.path(ProviderAdapter.PREFIX).asBoolean(false)) {
      return;
    }
    last.remove(ProviderAdapter.PREFIX);
    Style style = BY_DIALECT.get(dialect);
    if (style == null) {
      return;
    }
    switch (style) {
      case CONTINUE_FINAL_MESSAGE ->
          body.put("continue_final_message", true).put("add_generation_prompt", false);
      case PARTIAL -> last.put("partial", true);
      case PREFIX -> last.put("prefix", true);
    }
  }
}

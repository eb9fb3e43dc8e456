package dev.modelgate.provider.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.WireProtocol;
import org.jspecify.annotations.Nullable;

/**
 * Whether a client asked the model to think, and with how many tokens, whichever way it asked: an
 * Anthropic client's {@code thinking} ({@code enabled} with {@code budget_tokens}, {@code
 * adaptive}, {@code disabled}) or an OpenAI client's {@code reasoning_effort} ({@code none} turns
 * thinking off). Adapters of servers with a switch of their own write it in that server's words.
 *
 * @param budget the thinking budget in tokens; 0 when the client left it to the model
 */
public record RequestedThinking(boolean enabled, int budget) {
  private static final RequestedThinking OFF = new RequestedThinking(false, 0);

  public RequestedThinking {
    budget = Math.max(0, budget);
  }

  /** What {@code request}'s client asked for; null when it did not ask. */
  public static @Nullable RequestedThinking of(ChatRequest request) {
    ObjectNode extensions = request.extensions();
    if (extensions == null) {
      return null;
    }
    if (request.format() == WireProtocol.ANTHROPIC) {
      return fromAnthropic(extensions.get("thinking"));
    }
    String effort = Json.text(extensions, "reasoning_effort");
    if ("none".equals(effort)) {
      return OFF;
    }
    Integer budget = ReasoningEffort.budget(effort);
    return budget == null ? null : new RequestedThinking(true, budget);
  }

  /** An Anthropic {@code thinking} object; null when it is missing or of a type not known. */
  public static @Nullable RequestedThinking fromAnthropic(@Nullable JsonNode thinking) {
    if (thinking == null || !thinking.isObject()) {
      return null;
    }
    return switch (thinking.path("type").asText("")) {
      case "enabled", "adaptive" ->
          new RequestedThinking(true, thinking.path("budget_tokens").asInt(0));
      case "disabled" -> OFF;
      default -> null;
    };
  }

  /**
   * Qwen's switch, as DashScope (native and compatible mode) and SiliconFlow read it: {@code
   * enable_thinking} and, when the client named one, a {@code thinking_budget}.
   */
  public void putEnableThinking(ObjectNode target) {
    target.put("enable_thinking", enabled);
    if (enabled && budget > 0) {
      target.put("thinking_budget", budget);
    }
  }
}

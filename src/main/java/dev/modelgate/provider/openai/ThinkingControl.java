package dev.modelgate.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.provider.common.ReasoningEffort;
import dev.modelgate.provider.common.RequestedThinking;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How an OpenAI-compatible server is asked to think, for an Anthropic client's {@code thinking}
 * ({@code {"type":"enabled","budget_tokens":N}}, {@code disabled} or {@code adaptive}), which such
 * a server would not understand. Each family has its own switch.
 */
enum ThinkingControl {
  /** OpenAI, Azure, Ollama's {@code /v1}: an effort; thinking cannot be switched off this way. */
  REASONING_EFFORT("reasoning_effort") {
    @Override
    void apply(ObjectNode body, RequestedThinking asked) {
      if (asked.enabled()) {
        body.put(
            "reasoning_effort",
            asked.budget() == 0 ? "medium" : ReasoningEffort.of(asked.budget()));
      }
    }
  },
  /** DeepSeek, Zhipu GLM: {@code thinking: {type: enabled|disabled}}. */
  THINKING("thinking") {
    @Override
    void apply(ObjectNode body, RequestedThinking asked) {
      body.putObject("thinking").put("type", asked.enabled() ? "enabled" : "disabled");
    }
  },
  /** DashScope's compatible mode, SiliconFlow: {@code enable_thinking} and a token budget. */
  ENABLE_THINKING("enable_thinking") {
    @Override
    void apply(ObjectNode body, RequestedThinking asked) {
      asked.putEnableThinking(body);
    }
  },
  /** vLLM, llama.cpp: the chat template's switch (Qwen3, DeepSeek V3.1 and the like read it). */
  CHAT_TEMPLATE_KWARGS("chat_template_kwargs") {
    @Override
    void apply(ObjectNode body, RequestedThinking asked) {
      JsonNode existing = body.get("chat_template_kwargs");
      ObjectNode kwargs =
          existing instanceof ObjectNode o ? o : body.putObject("chat_template_kwargs");
      kwargs.put("enable_thinking", asked.enabled());
    }
  },
  /** A server with no known switch: the request goes without it, as before. */
  NONE("none") {
    @Override
    void apply(ObjectNode body, RequestedThinking asked) {}
  };

  private final String configName;

  ThinkingControl(String configName) {
    this.configName = configName;
  }

  String configName() {
    return configName;
  }

  /** Writes the server's switch for an Anthropic {@code thinking} object into {@code body}. */
  void translate(ObjectNode body, JsonNode thinking) {
    RequestedThinking asked = RequestedThinking.fromAnthropic(thinking);
    if (asked != null) {
      apply(body, asked);
    }
  }

  abstract void apply(ObjectNode body, RequestedThinking asked);

  static ThinkingControl named(String name) {
    for (ThinkingControl control : values()) {
      if (control.configName.equals(name.toLowerCase(Locale.ROOT))) {
        return control;
      }
    }
    throw new IllegalArgumentException(
        "thinking: unknown control '"
            + name
            + "'; known: "
            + Arrays.stream(values()).map(c -> c.configName).collect(Collectors.joining(", ")));
  }

  /** The built-in dialect's switch. */
  static ThinkingControl of(String dialect) {
    return switch (dialect) {
      case "openai", "azure", "ollama" -> REASONING_EFFORT;
      case "deepseek", "zhipu" -> THINKING;
      case "dashscope", "siliconflow" -> ENABLE_THINKING;
      case "vllm", "llamacpp" -> CHAT_TEMPLATE_KWARGS;
      default -> NONE;
    };
  }
}

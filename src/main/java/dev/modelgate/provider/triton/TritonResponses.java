package dev.modelgate.provider.triton;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.error.GatewayException;
import dev.modelgate.error.UpstreamOverloaded;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.ResponseBody;
import dev.modelgate.provider.common.TextOutput;
import org.jspecify.annotations.Nullable;

/**
 * Generate-extension answers ({@code {"model_name","model_version",<outputs>}}) in canonical form.
 * An output tensor of one element may arrive as a value or as a list of one. The finish reason
 * comes from the finish output where the backend has one ({@code length} is a length stop, the rest
 * end normally); token counts from the count outputs, or are estimated.
 */
final class TritonResponses {
  private TritonResponses() {}

  static ResponseBody whole(JsonNode root, TextOutput out, String prompt, TritonLayout layout) {
    String text = withoutPrompt(text(root, layout), prompt);
    FinishReason finish = finishReason(value(root, layout.output("finish_reason")));
    return out.whole(
        text,
        finish == null ? FinishReason.STOP : finish,
        out.tokens()
            .usage(
                count(root, layout.output("input_tokens")),
                count(root, layout.output("output_tokens")),
                prompt,
                text));
  }

  /** The text output of one answer or event; empty when the event has none. */
  static String text(JsonNode root, TritonLayout layout) {
    JsonNode value = value(root, layout.output("text"));
    return value == null || value.isNull() ? "" : value.asText();
  }

  /**
   * TensorRT-LLM answers include the prompt unless the model excludes it: a text that begins with
   * the prompt is cut after it.
   */
  static String withoutPrompt(String text, String prompt) {
    return !prompt.isEmpty() && text.startsWith(prompt) ? text.substring(prompt.length()) : text;
  }

  static @Nullable FinishReason finishReason(@Nullable JsonNode value) {
    if (value == null || value.isNull() || value.asText().isEmpty()) {
      return null;
    }
    return value.asText().equals("length") ? FinishReason.LENGTH : FinishReason.STOP;
  }

  static @Nullable JsonNode value(JsonNode root, @Nullable String output) {
    if (output == null) {
      return null;
    }
    JsonNode value = root.get(output);
    return value != null && value.isArray() ? value.get(0) : value;
  }

  static @Nullable Long count(JsonNode root, @Nullable String output) {
    JsonNode value = value(root, output);
    return value != null && value.canConvertToLong() ? value.asLong() : null;
  }

  /** Triton's {@code {"error":"..."}}, in a body or an event. */
  static GatewayException error(JsonNode root) {
    return new UpstreamOverloaded(root.path("error").asText("Triton reported an error"), 500);
  }
}

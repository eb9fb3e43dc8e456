package dev.modelgate.provider.tgi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.ResponseBody;
import dev.modelgate.provider.common.TextOutput;
import dev.modelgate.provider.common.TokenEstimate;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * TGI's answers in canonical form. Finish reasons: {@code eos_token} and {@code stop_sequence} end
 * normally, {@code length} is a length stop. Tokens: generated from {@code details}, prompt from
 * the {@code x-prompt-tokens} header (non-streaming) or {@code details.input_length} (streaming);
 * what TGI does not report is counted with {@link TokenEstimate} and marked estimated.
 */
final class TgiResponses {
  private TgiResponses() {}

  static ResponseBody whole(
      JsonNode root, TextOutput out, String prompt, Function<String, @Nullable String> headers) {
    // /generate answers one object; the legacy root route a list of one.
    JsonNode answer = root.isArray() ? root.path(0) : root;
    String text = answer.path("generated_text").asText("");
    JsonNode details = answer.path("details");
    Long promptTokens = number(headers.apply("x-prompt-tokens"));
    if (promptTokens == null && details.path("prefill").size() > 0) {
      promptTokens = (long) details.path("prefill").size();
    }
    Long generated = Json.longValue(details, "generated_tokens");
    if (generated == null) {
      generated = number(headers.apply("x-generated-tokens"));
    }
    return out.whole(
        text,
        finishReason(Json.text(details, "finish_reason")),
        out.tokens().usage(promptTokens, generated, prompt, text));
  }

  static FinishReason finishReason(@Nullable String reason) {
    return "length".equals(reason) ? FinishReason.LENGTH : FinishReason.STOP;
  }

  private static @Nullable Long number(@Nullable String header) {
    if (header == null) {
      return null;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

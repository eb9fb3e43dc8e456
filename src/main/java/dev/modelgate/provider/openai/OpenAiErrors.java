package dev.modelgate.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.error.ContentFiltered;
import dev.modelgate.error.ContextLengthExceeded;
import dev.modelgate.error.GatewayException;
import dev.modelgate.error.QuotaExceeded;
import dev.modelgate.error.RateLimited;
import dev.modelgate.error.UpstreamOverloaded;
import dev.modelgate.error.UpstreamProtocol;
import dev.modelgate.error.UpstreamRejected;
import dev.modelgate.error.UpstreamTimeout;
import dev.modelgate.provider.common.PlainErrors;
import dev.modelgate.provider.common.RetryAfter;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An OpenAI-compatible server's error (status and body, or a mid-stream error event) to a typed
 * error.
 */
final class OpenAiErrors {
  private static final Set<String> CONTENT_FILTER_CODES =
      Set.of("content_filter", "content_policy_violation", "1301", "data_inspection_failed");

  private OpenAiErrors() {}

  static GatewayException fromStatus(
      int status, byte[] body, Function<String, @Nullable String> headers, String target) {
    JsonNode error = errorObject(body);
    String message = Json.text(error, "message");
    if (message == null) {
      message = "Upstream " + target + " answered HTTP " + status;
    }
    String code = Json.text(error, "code");
    String type = Json.text(error, "type");
    String lower = message.toLowerCase(Locale.ROOT);
    if (isContextLength(code, lower)) {
      return new ContextLengthExceeded(message);
    }
    if (code != null && CONTENT_FILTER_CODES.contains(code)) {
      return new ContentFiltered(message);
    }
    return switch (status) {
      case 402 -> new QuotaExceeded(message, 402);
      case 408 -> new UpstreamTimeout(message, true);
      case 429 ->
          "insufficient_quota".equals(code) || "insufficient_quota".equals(type)
              ? new QuotaExceeded(message, 429)
              : new RateLimited(message, RetryAfter.from(headers), true);
      default ->
          status >= 500
              ? new UpstreamOverloaded(message, status)
              : new UpstreamRejected(status, message, type, code, Json.text(error, "param"));
    };
  }

  /** A {@code data: {"error":{...}}} event in the middle of a stream. */
  static GatewayException fromStreamError(JsonNode root) {
    JsonNode error = root.path("error");
    String message = error.isTextual() ? error.asText() : Json.text(error, "message");
    if (message == null) {
      message = "Upstream stream failed";
    }
    String code = error.isObject() ? Json.text(error, "code") : null;
    if (code != null && CONTENT_FILTER_CODES.contains(code)) {
      return new ContentFiltered(message);
    }
    return new UpstreamProtocol(message, null);
  }

  private static boolean isContextLength(@Nullable String code, String lowerMessage) {
    return "context_length_exceeded".equals(code)
        || "1261".equals(code)
        || lowerMessage.contains("maximum context length")
        || lowerMessage.contains("context length")
        || lowerMessage.contains("too many tokens")
        || PlainErrors.mentionsContextLength(lowerMessage);
  }

  /** The error object of OpenAI's {@code {"error":{...}}}, or the flat body older servers send. */
  private static JsonNode errorObject(byte[] body) {
    try {
      JsonNode root = Json.parse(body);
      JsonNode error = root.get("error");
      if (error != null && error.isObject()) {
        return error;
      }
      if (error != null && error.isTextual()) {
        return Json.object().put("message", error.asText());
      }
      return root.isObject() ? root : Json.object();
    } catch (IOException e) {
      String text =
          new String(body, 0, Math.min(body.length, 512), java.nio.charset.StandardCharsets.UTF_8)
              .strip();
      return text.isEmpty() ? Json.object() : Json.object().put("message", text);
    }
  }
}

package dev.modelgate.provider.anthropic;

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
import dev.modelgate.provider.common.RetryAfter;
import java.io.IOException;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Anthropic's errors ({@code {"type":"error","error":{"type","message"}}}) as typed gateway errors.
 */
final class AnthropicErrors {
  private AnthropicErrors() {}

  static GatewayException fromStatus(
      int status, byte[] body, Function<String, @Nullable String> headers, String target) {
    JsonNode error = errorObject(body);
    String type = Json.text(error, "type");
    String message = Json.text(error, "message");
    if (message == null) {
      message = "Upstream " + target + " answered HTTP " + status;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    if (status == 400
        && (lower.contains("prompt is too long")
            || lower.contains("context window")
            || lower.contains("too many tokens"))) {
      return new ContextLengthExceeded(message);
    }
    return switch (status) {
      case 402 -> new QuotaExceeded(message, 402);
      case 408 -> new UpstreamTimeout(message, true);
      case 413 ->
          new UpstreamRejected(413, message, "invalid_request_error", "request_too_large", null);
      case 429 -> new RateLimited(message, RetryAfter.from(headers), true);
      default ->
          status >= 500
              ? new UpstreamOverloaded(message, status)
              : new UpstreamRejected(status, message, openAiType(type), type, null);
    };
  }

  /** An {@code event: error} in the middle of a stream. */
  static GatewayException fromStreamError(JsonNode event) {
    JsonNode error = event.path("error");
    String type = Json.text(error, "type");
    String message = Json.text(error, "message");
    String text = message == null ? "Upstream stream failed" : message;
    if ("overloaded_error".equals(type) || "api_error".equals(type)) {
      return new UpstreamOverloaded(text, 529);
    }
    if (text.toLowerCase(Locale.ROOT).contains("content filtering")) {
      return new ContentFiltered(text);
    }
    return new UpstreamProtocol(text, null);
  }

  private static String openAiType(@Nullable String anthropicType) {
    if (anthropicType == null) {
      return "invalid_request_error";
    }
    return switch (anthropicType) {
      case "authentication_error" -> "invalid_request_error";
      case "permission_error" -> "invalid_request_error";
      case "not_found_error" -> "invalid_request_error";
      default -> anthropicType;
    };
  }

  private static JsonNode errorObject(byte[] body) {
    try {
      JsonNode root = Json.parse(body);
      JsonNode error = root.get("error");
      return error != null && error.isObject() ? error : Json.object();
    } catch (IOException e) {
      String text =
          new String(body, 0, Math.min(body.length, 512), java.nio.charset.StandardCharsets.UTF_8)
              .strip();
      return text.isEmpty() ? Json.object() : Json.object().put("message", text);
    }
  }
}

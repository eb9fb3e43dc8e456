package dev.modelgate.provider.common;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.error.ContextLengthExceeded;
import dev.modelgate.error.GatewayException;
import dev.modelgate.error.RateLimited;
import dev.modelgate.error.UpstreamOverloaded;
import dev.modelgate.error.UpstreamRejected;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Errors of upstreams without a structured error format (Ollama, TGI, home-made services): the
 * message is found where such servers put it, and the status decides the type.
 */
public final class PlainErrors {
  private PlainErrors() {}

  public static GatewayException fromStatus(
      int status, byte[] body, Function<String, @Nullable String> headers, String target) {
    String message = message(body);
    if (message == null || message.isEmpty()) {
      message = "Upstream " + target + " answered HTTP " + status;
    }
    if (mentionsContextLength(message)) {
      return new ContextLengthExceeded(message);
    }
    if (status == 429) {
      return new RateLimited(message, RetryAfter.from(headers), true);
    }
    if (status >= 500) {
      return new UpstreamOverloaded(message, status);
    }
    return new UpstreamRejected(
        status, message, "invalid_request_error", status == 404 ? "model_not_found" : null, null);
  }

  /**
   * The message of an error body: {@code {"error":"..."}}, {@code {"error":{"message":"..."}}},
   * FastAPI's {@code {"detail":"..."}} or {@code {"detail":[{"msg":"..."}]}}, {@code
   * {"message":"..."}}, or the start of a text body.
   */
  public static @Nullable String message(byte[] body) {
    JsonNode root;
    try {
      root = Json.parse(body);
    } catch (IOException e) {
      return new String(body, 0, Math.min(body.length, 512), StandardCharsets.UTF_8).strip();
    }
    return message(root);
  }

  /** The message of a parsed error value, in the shapes {@link #message(byte[])} knows. */
  public static @Nullable String message(JsonNode root) {
    if (root.isTextual()) {
      return root.asText();
    }
    for (String field : new String[] {"error", "detail", "message"}) {
      JsonNode value = root.path(field);
      if (value.isTextual()) {
        return value.asText();
      }
      if (value.isObject() && value.path("message").isTextual()) {
        return value.path("message").asText();
      }
      if (value.isArray() && !value.isEmpty()) {
        return value.get(0).path("msg").asText(value.get(0).toString());
      }
    }
    return null;
  }

  /** Whether a message says the prompt is over the model's limit, in the words servers use. */
  public static boolean mentionsContextLength(String message) {
    String lower = message.toLowerCase(Locale.ROOT);
    return lower.contains("context length")
        || lower.contains("exceeds the context")
        // TGI's validation errors
        || lower.contains("`inputs` tokens + `max_new_tokens` must be")
        || lower.contains("`inputs` must have less than");
  }
}

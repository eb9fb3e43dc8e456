package dev.modelgate.provider.ollama;

import dev.modelgate.codec.Json;
import dev.modelgate.error.ContextLengthExceeded;
import dev.modelgate.error.GatewayException;
import dev.modelgate.error.RateLimited;
import dev.modelgate.error.UpstreamOverloaded;
import dev.modelgate.error.UpstreamRejected;
import dev.modelgate.provider.common.RetryAfter;
import java.io.IOException;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Ollama's {@code {"error":"..."}} bodies as typed gateway errors. */
final class OllamaErrors {
  private OllamaErrors() {}

  static GatewayException fromStatus(
      int status, byte[] body, Function<String, @Nullable String> headers, String target) {
    String message;
    try {
      message = Json.text(Json.parse(body), "error");
    } catch (IOException e) {
      message =
          new String(body, 0, Math.min(body.length, 512), java.nio.charset.StandardCharsets.UTF_8)
              .strip();
    }
    if (message == null || message.isEmpty()) {
      message = "Upstream " + target + " answered HTTP " + status;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("context length") || lower.contains("exceeds the context")) {
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
}

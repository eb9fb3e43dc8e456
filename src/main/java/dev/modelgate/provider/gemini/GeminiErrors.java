package dev.modelgate.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
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
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Google's {@code {"error":{"code","message","status","details"}}} as typed gateway errors. */
final class GeminiErrors {
  private GeminiErrors() {}

  static GatewayException fromStatus(
      int status, byte[] body, Function<String, @Nullable String> headers, String target) {
    JsonNode error = parse(body).path("error");
    String message = Json.text(error, "message");
    if (message == null) {
      message = "Upstream " + target + " answered HTTP " + status;
    }
    String code = Json.text(error, "status");
    String lower = message.toLowerCase(Locale.ROOT);
    if (status == 400
        && (lower.contains("exceeds the maximum number of tokens") || lower.contains("too long"))) {
      return new ContextLengthExceeded(message);
    }
    return switch (status) {
      case 429 ->
          lower.contains("quota") && lower.contains("billing")
              ? new QuotaExceeded(message, 429)
              : new RateLimited(message, retryDelay(error, headers), true);
      case 504 -> new UpstreamTimeout(message, true);
      default ->
          status >= 500
              ? new UpstreamOverloaded(message, status)
              : new UpstreamRejected(status, message, "invalid_request_error", code, null);
    };
  }

  /** An error object sent as a stream event after the stream started. */
  static GatewayException fromStreamError(JsonNode error) {
    String message = Json.text(error, "message");
    String text = message == null ? "Upstream stream failed" : message;
    int code = error.path("code").asInt(500);
    return code >= 500 || code == 429
        ? new UpstreamOverloaded(text, code >= 500 ? code : 503)
        : new UpstreamProtocol(text, null);
  }

  /** {@code google.rpc.RetryInfo.retryDelay} ("30s") from the details, else the headers. */
  private static @Nullable Duration retryDelay(
      JsonNode error, Function<String, @Nullable String> headers) {
    for (JsonNode detail : error.path("details")) {
      String delay = Json.text(detail, "retryDelay");
      if (delay != null && delay.endsWith("s")) {
        try {
          return Duration.ofMillis(
              (long) (Double.parseDouble(delay.substring(0, delay.length() - 1)) * 1000));
        } catch (NumberFormatException ignored) {
          // fall back to the headers
        }
      }
    }
    return RetryAfter.from(headers);
  }

  private static JsonNode parse(byte[] body) {
    try {
      return Json.parse(body);
    } catch (IOException e) {
      String text =
          new String(body, 0, Math.min(body.length, 512), java.nio.charset.StandardCharsets.UTF_8)
              .strip();
      return Json.object().set("error", Json.object().put("message", text.isEmpty() ? null : text));
    }
  }
}

package dev.modelgate.server.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.error.AllTargetsFailed;
import dev.modelgate.error.ContentFiltered;
import dev.modelgate.error.ContextLengthExceeded;
import dev.modelgate.error.GatewayException;
import dev.modelgate.error.Internal;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.error.ModelNotFound;
import dev.modelgate.error.PermissionDenied;
import dev.modelgate.error.QuotaExceeded;
import dev.modelgate.error.RateLimited;
import dev.modelgate.error.RequestTooLarge;
import dev.modelgate.error.ShuttingDown;
import dev.modelgate.error.TargetUnavailable;
import dev.modelgate.error.Unauthenticated;
import dev.modelgate.error.UpstreamOverloaded;
import dev.modelgate.error.UpstreamProtocol;
import dev.modelgate.error.UpstreamRejected;
import dev.modelgate.error.UpstreamTimeout;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Every gateway error in Anthropic's shape: {@code {"type":"error","error":{"type","message"}}}.
 */
record AnthropicErrorShape(int status, String type, String message, @Nullable Duration retryAfter) {

  static AnthropicErrorShape of(GatewayException error) {
    String m = String.valueOf(error.getMessage());
    return switch (error) {
      case InvalidRequest e -> new AnthropicErrorShape(400, "invalid_request_error", m, null);
      case RequestTooLarge e -> new AnthropicErrorShape(413, "request_too_large", m, null);
      case Unauthenticated e -> new AnthropicErrorShape(401, "authentication_error", m, null);
      case PermissionDenied e -> new AnthropicErrorShape(403, "permission_error", m, null);
      case ModelNotFound e ->
          new AnthropicErrorShape(404, "not_found_error", "model: " + e.model(), null);
      case ContextLengthExceeded e ->
          new AnthropicErrorShape(400, "invalid_request_error", m, null);
      case ContentFiltered e -> new AnthropicErrorShape(400, "invalid_request_error", m, null);
      case RateLimited e -> new AnthropicErrorShape(429, "rate_limit_error", m, e.retryAfter());
      case QuotaExceeded e ->
          new AnthropicErrorShape(
              e.status() == 402 ? 402 : 429,
              e.status() == 402 ? "billing_error" : "rate_limit_error",
              m,
              null);
      case UpstreamTimeout e -> new AnthropicErrorShape(504, "timeout_error", m, null);
      case UpstreamOverloaded e -> new AnthropicErrorShape(529, "overloaded_error", m, null);
      case UpstreamRejected e -> new AnthropicErrorShape(e.status(), typeFor(e.status()), m, null);
      case UpstreamProtocol e -> new AnthropicErrorShape(502, "api_error", m, null);
      case TargetUnavailable e -> new AnthropicErrorShape(502, "api_error", m, null);
      case AllTargetsFailed e -> of(e.last());
      case ShuttingDown e -> new AnthropicErrorShape(503, "overloaded_error", m, null);
      case Internal e ->
          new AnthropicErrorShape(500, "api_error", "The gateway had an internal error.", null);
    };
  }

  private static String typeFor(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 402 -> "billing_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
  }

  byte[] body() {
    ObjectNode root = Json.object().put("type", "error");
    root.putObject("error").put("type", type).put("message", message);
    return Json.bytes(root);
  }
}

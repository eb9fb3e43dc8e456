package dev.modelgate.server.openai;

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

/** Every gateway error in OpenAI's shape: {@code {"error":{"message","type","param","code"}}}. */
public record OpenAiErrorShape(
    int status,
    String type,
    @Nullable String code,
    @Nullable String param,
    String message,
    @Nullable Duration retryAfter) {

  public static OpenAiErrorShape of(GatewayException error) {
    String m = String.valueOf(error.getMessage());
    return switch (error) {
      case InvalidRequest e ->
          new OpenAiErrorShape(400, "invalid_request_error", e.code(), e.param(), m, null);
      case RequestTooLarge e ->
          new OpenAiErrorShape(413, "invalid_request_error", "request_too_large", null, m, null);
      case Unauthenticated e ->
          new OpenAiErrorShape(401, "invalid_request_error", "invalid_api_key", null, m, null);
      case PermissionDenied e ->
          new OpenAiErrorShape(403, "invalid_request_error", "permission_denied", null, m, null);
      case ModelNotFound e ->
          new OpenAiErrorShape(404, "invalid_request_error", "model_not_found", "model", m, null);
      case ContextLengthExceeded e ->
          new OpenAiErrorShape(
              400, "invalid_request_error", "context_length_exceeded", "messages", m, null);
      case ContentFiltered e ->
          new OpenAiErrorShape(400, "invalid_request_error", "content_filter", null, m, null);
      case RateLimited e ->
          new OpenAiErrorShape(429, "requests", "rate_limit_exceeded", null, m, e.retryAfter());
      case QuotaExceeded e ->
          new OpenAiErrorShape(
              e.status(), "insufficient_quota", "insufficient_quota", null, m, null);
      case UpstreamTimeout e ->
          new OpenAiErrorShape(504, "timeout_error", "upstream_timeout", null, m, null);
      case UpstreamOverloaded e ->
          new OpenAiErrorShape(
              e.upstreamStatus() >= 500 && e.upstreamStatus() <= 504 ? e.upstreamStatus() : 503,
              "server_error",
              "upstream_overloaded",
              null,
              m,
              null);
      case UpstreamRejected e ->
          new OpenAiErrorShape(
              e.status(),
              e.type() != null ? e.type() : "invalid_request_error",
              e.code(),
              e.param(),
              m,
              null);
      case UpstreamProtocol e ->
          new OpenAiErrorShape(502, "server_error", "upstream_protocol_error", null, m, null);
      case TargetUnavailable e ->
          new OpenAiErrorShape(502, "server_error", "upstream_unavailable", null, m, null);
      case AllTargetsFailed e -> of(e.last());
      case ShuttingDown e ->
          new OpenAiErrorShape(503, "server_error", "gateway_shutting_down", null, m, null);
      case Internal e ->
          new OpenAiErrorShape(
              500,
              "server_error",
              "internal_error",
              null,
              "The gateway had an internal error.",
              null);
    };
  }

  public byte[] body() {
    ObjectNode root = Json.object();
    ObjectNode error = root.putObject("error");
    error.put("message", message);
    error.put("type", type);
    error.put("param", param);
    error.put("code", code);
    return Json.bytes(root);
  }
}

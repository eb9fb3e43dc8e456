package dev.modelgate.provider.dashscope;

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
import dev.modelgate.provider.common.RetryAfter;
import java.io.IOException;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** DashScope's {@code {"code","message","request_id"}} errors as typed gateway errors. */
final class DashScopeErrors {
  private DashScopeErrors() {}

  static GatewayException fromStatus(
      int status, byte[] body, Function<String, @Nullable String> headers, String target) {
    JsonNode error = parse(body);
    String code = Json.text(error, "code");
    String message = Json.text(error, "message");
    return map(
        status,
        code == null ? "" : code,
        message == null ? "Upstream " + target + " answered HTTP " + status : message,
        headers);
  }

  /**
   * An {@code event:error} inside a 200 stream; its own status is in the {@code :HTTP_STATUS/}
   * comment.
   */
  static GatewayException fromStreamError(byte[] data) {
    JsonNode error = parse(data);
    String code = Json.text(error, "code");
    String message = Json.text(error, "message");
    GatewayException mapped =
        map(
            400,
            code == null ? "" : code,
            message == null ? "Upstream stream failed" : message,
            name -> null);
    return mapped instanceof UpstreamRejected
        ? new UpstreamProtocol(String.valueOf(mapped.getMessage()), null)
        : mapped;
  }

  private static GatewayException map(
      int status, String code, String message, Function<String, @Nullable String> headers) {
    String lower = message.toLowerCase(Locale.ROOT);
    if (code.equals("DataInspectionFailed") || code.equals("data_inspection_failed")) {
      return new ContentFiltered(message);
    }
    if (code.startsWith("Throttling") || status == 429) {
      // AllocationQuota is both a per-minute allocation (retry later) and an exhausted free quota.
      return code.equals("Throttling.AllocationQuota") && lower.contains("free")
          ? new QuotaExceeded(message, 429)
          : new RateLimited(message, RetryAfter.from(headers), true);
    }
    if (code.equals("Arrearage")) {
      return new QuotaExceeded(message, 402);
    }
    if (code.equals("InvalidApiKey")) {
      return new UpstreamRejected(401, message, "invalid_request_error", "invalid_api_key", null);
    }
    if (code.equals("AccessDenied") || code.equals("access_denied")) {
      return new UpstreamRejected(403, message, "invalid_request_error", "permission_denied", null);
    }
    if (code.equals("ModelNotFound")) {
      return new UpstreamRejected(
          404, message, "invalid_request_error", "model_not_found", "model");
    }
    if (lower.contains("input length")
        || lower.contains("context length")
        || lower.contains("too long")) {
      return new ContextLengthExceeded(message);
    }
    if (status >= 500) {
      return new UpstreamOverloaded(message, status);
    }
    return new UpstreamRejected(
        status, message, "invalid_request_error", code.isEmpty() ? null : code, null);
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode root = Json.parse(body);
      return root.isObject() ? root : Json.object();
    } catch (IOException e) {
      String text =
          new String(body, 0, Math.min(body.length, 512), java.nio.charset.StandardCharsets.UTF_8)
              .strip();
      return text.isEmpty() ? Json.object() : Json.object().put("message", text);
    }
  }
}

package dev.modelgate.provider.tgi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.error.ContextLengthExceeded;
import dev.modelgate.error.GatewayException;
import dev.modelgate.error.UpstreamOverloaded;
import dev.modelgate.error.UpstreamRejected;
import dev.modelgate.provider.common.PlainErrors;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * TGI's and TEI's {@code {"error","error_type"}} bodies as typed errors: prompts over the model's
 * limits (validation messages naming {@code inputs} tokens) are context-length errors; 424 (the
 * model failed while generating) is a server fault like a 5xx; the rest by status.
 */
final class TgiErrors {
  private TgiErrors() {}

  static GatewayException fromStatus(
      int status, byte[] body, Function<String, @Nullable String> headers, String target) {
    if (status == 424) {
      String message = PlainErrors.message(body);
      return new UpstreamOverloaded(
          message != null ? message : "Upstream " + target + " failed to generate", status);
    }
    return PlainErrors.fromStatus(status, body, headers, target);
  }

  /** An error event inside a stream that began with 200. */
  static GatewayException inStream(JsonNode root) {
    String message = root.path("error").asText();
    if (PlainErrors.mentionsContextLength(message)) {
      return new ContextLengthExceeded(message);
    }
    if ("validation".equals(root.path("error_type").asText())) {
      return new UpstreamRejected(422, message, "invalid_request_error", null, null);
    }
    return new UpstreamOverloaded(message, 500);
  }
}

package dev.modelgate.server;

import dev.modelgate.error.GatewayException;
import dev.modelgate.error.Internal;
import dev.modelgate.error.InvalidRequest;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import java.util.function.Function;

/**
 * Answers what the HTTP parser refuses before any route runs (a malformed request line or header, a
 * header block over the limit, an unsupported HTTP version) in the API's own error shape, chosen by
 * the path when it was read, so an SDK shows a clear message instead of failing to parse the
 * server's plain-text default. The parser's own message is not echoed: it may quote the bad bytes.
 */
final class TransportErrors implements DirectHandler {
  private final Function<String, FrontDoor> doorFor;

  TransportErrors(Function<String, FrontDoor> doorFor) {
    this.doorFor = doorFor;
  }

  @Override
  public TransportResponse handle(
      TransportRequest request,
      EventType eventType,
      Status status,
      ServerResponseHeaders headers,
      String message) {
    GatewayException error =
        status.code() >= 500 && status.code() != 505
            ? new Internal("The gateway had an internal error.", null)
            : new InvalidRequest(explain(status), null);
    byte[] body = doorFor.apply(request.path()).errorBody(error);
    return TransportResponse.builder()
        .status(status)
        .headers(headers)
        .header(HeaderNames.CONTENT_TYPE, "application/json")
        .keepAlive(false)
        .entity(body)
        .build();
  }

  private static String explain(Status status) {
    return switch (status.code()) {
      case 431 -> "The request's headers are larger than this gateway accepts.";
      case 413 -> "The request is larger than this gateway accepts.";
      case 505 -> "This HTTP version is not supported; use HTTP/1.1 or HTTP/2.";
      default -> "The HTTP request is malformed (request line or headers).";
    };
  }
}

package dev.modelgate.server;

import dev.modelgate.codec.RequestScan;
import dev.modelgate.error.GatewayException;
import dev.modelgate.model.CanonicalRequest;
import dev.modelgate.model.InboundRequest;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.model.WireProtocol;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.function.Function;

/**
 * What differs between the API front doors: the wire protocol's request checks, reply and error
 * shapes.
 */
public interface FrontDoor {
  WireProtocol protocol();

  /**
   * Checks the body of an {@code operation} request, nested at most {@code maxDepth} deep, and
   * reads what routing needs, in one pass.
   */
  RequestScan.Result scan(byte[] body, Operation operation, int maxDepth);

  /** Decodes the body into the canonical model, when something needs it. */
  Function<byte[], CanonicalRequest> decoder(Operation operation);

  /** Whether the client always gets usage in a stream (Anthropic) or asks for it (OpenAI). */
  boolean includeUsage(RequestScan.Result scan);

  WriteOutcome write(
      Reply reply, InboundRequest request, ServerResponse response, Duration keepAlive);

  /** The body of {@code error} in the protocol's shape (for answers written below routing). */
  byte[] errorBody(GatewayException error);

  /** Sends {@code error} in the protocol's shape and returns the status sent. */
  int sendError(ServerResponse response, GatewayException error);
}

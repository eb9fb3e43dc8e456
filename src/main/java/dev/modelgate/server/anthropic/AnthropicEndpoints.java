package dev.modelgate.server.anthropic;

import dev.modelgate.codec.AnthropicMessagesCodec;
import dev.modelgate.codec.RequestScan;
import dev.modelgate.error.GatewayException;
import dev.modelgate.model.CanonicalRequest;
import dev.modelgate.model.InboundRequest;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.model.WireProtocol;
import dev.modelgate.server.ApiCallHandler;
import dev.modelgate.server.FrontDoor;
import dev.modelgate.server.WriteOutcome;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/** The Anthropic Messages API: {@code POST /v1/messages}. */
public final class AnthropicEndpoints implements FrontDoor {
  private static final List<String> REQUIRED = List.of("max_tokens", "messages");

  private final ApiCallHandler calls;

  public AnthropicEndpoints(ApiCallHandler calls) {
    this.calls = calls;
  }

  public void register(HttpRouting.Builder routing) {
    routing.post("/v1/messages", calls.handler(this, Operation.CHAT));
    routing.post("/v1/messages/count_tokens", calls.handler(this, Operation.COUNT_TOKENS));
  }

  @Override
  public WireProtocol protocol() {
    return WireProtocol.ANTHROPIC;
  }

  @Override
  public RequestScan.Result scan(byte[] body, Operation operation, int maxDepth) {
    return RequestScan.scan(
        body, operation == Operation.COUNT_TOKENS ? List.of("messages") : REQUIRED, maxDepth);
  }

  @Override
  public boolean includeUsage(RequestScan.Result scan) {
    return true;
  }

  @Override
  public Function<byte[], CanonicalRequest> decoder(Operation operation) {
    return AnthropicMessagesCodec::decode;
  }

  @Override
  public WriteOutcome write(
      Reply reply, InboundRequest request, ServerResponse response, Duration keepAlive) {
    return AnthropicReplyWriter.write(reply, request, response, keepAlive);
  }

  @Override
  public byte[] errorBody(GatewayException error) {
    return AnthropicErrorShape.of(error).body();
  }

  @Override
  public int sendError(ServerResponse res, GatewayException error) {
    AnthropicErrorShape shape = AnthropicErrorShape.of(error);
    if (res.isSent()) {
      return shape.status();
    }
    res.status(shape.status());
    res.header("Content-Type", "application/json");
    if (shape.retryAfter() != null) {
      res.header(
          "retry-after", Long.toString(Math.max(1, (shape.retryAfter().toMillis() + 999) / 1000)));
    }
    res.send(shape.body());
    return shape.status();
  }
}

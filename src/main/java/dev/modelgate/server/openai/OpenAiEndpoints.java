package dev.modelgate.server.openai;

import dev.modelgate.codec.OpenAiRequestCodec;
import dev.modelgate.codec.RequestScan;
import dev.modelgate.codec.RerankCodec;
import dev.modelgate.config.RuntimeHolder;
import dev.modelgate.error.GatewayException;
import dev.modelgate.error.InvalidRequest;
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
import java.util.function.Function;

/**
 * The OpenAI API: {@code /v1/chat/completions}, {@code /v1/completions}, {@code /v1/embeddings} and
 * the models endpoints, also served without the {@code /v1} prefix.
 */
public final class OpenAiEndpoints implements FrontDoor {
  private final ApiCallHandler calls;
  private final RuntimeHolder runtime;

  public OpenAiEndpoints(ApiCallHandler calls, RuntimeHolder runtime) {
    this.calls = calls;
    this.runtime = runtime;
  }

  public void register(HttpRouting.Builder routing) {
    for (String prefix : new String[] {"/v1", ""}) {
      routing.post(prefix + "/chat/completions", calls.handler(this, Operation.CHAT));
      routing.post(prefix + "/completions", calls.handler(this, Operation.COMPLETION));
      routing.post(prefix + "/embeddings", calls.handler(this, Operation.EMBEDDING));
      routing.post(prefix + "/rerank", calls.handler(this, Operation.RERANK));
    }
    // Cohere's clients call /v2/rerank; the shape is the same.
    routing.post("/v2/rerank", calls.handler(this, Operation.RERANK));
    new OpenAiModelsEndpoint(runtime, calls).register(routing);
  }

  @Override
  public WireProtocol protocol() {
    return WireProtocol.OPENAI;
  }

  @Override
  public RequestScan.Result scan(byte[] body, Operation operation, int maxDepth) {
    return RequestScan.scan(body, operation, maxDepth);
  }

  @Override
  public boolean includeUsage(RequestScan.Result scan) {
    return scan.includeUsage();
  }

  @Override
  public Function<byte[], CanonicalRequest> decoder(Operation operation) {
    return switch (operation) {
      case CHAT -> OpenAiRequestCodec::decodeChat;
      case COMPLETION -> OpenAiRequestCodec::decodeCompletion;
      case EMBEDDING -> OpenAiRequestCodec::decodeEmbedding;
      case RERANK -> RerankCodec::decode;
      case COUNT_TOKENS ->
          body -> {
            throw new InvalidRequest("count_tokens is an operation of the Anthropic API", null);
          };
    };
  }

  @Override
  public WriteOutcome write(
      Reply reply, InboundRequest request, ServerResponse response, Duration keepAlive) {
    return OpenAiReplyWriter.write(reply, request, response, keepAlive);
  }

  @Override
  public byte[] errorBody(GatewayException error) {
    return OpenAiErrorShape.of(error).body();
  }

  @Override
  public int sendError(ServerResponse res, GatewayException error) {
    return sendOpenAiError(res, error);
  }

  static int sendOpenAiError(ServerResponse res, GatewayException error) {
    OpenAiErrorShape shape = OpenAiErrorShape.of(error);
    if (res.isSent()) {
      return shape.status();
    }
    res.status(shape.status());
    res.header("Content-Type", "application/json");
    if (shape.retryAfter() != null) {
      res.header(
          "Retry-After", Long.toString(Math.max(1, (shape.retryAfter().toMillis() + 999) / 1000)));
      res.header("retry-after-ms", Long.toString(shape.retryAfter().toMillis()));
    }
    res.send(shape.body());
    return shape.status();
  }
}

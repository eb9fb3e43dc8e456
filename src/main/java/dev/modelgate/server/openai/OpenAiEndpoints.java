package dev.modelgate.server.openai;

import dev.modelgate.auth.Principal;
import dev.modelgate.chain.Call;
import dev.modelgate.chain.CallListener;
import dev.modelgate.codec.OpenAiRequestCodec;
import dev.modelgate.codec.OpenAiRequestScan;
import dev.modelgate.config.Runtime;
import dev.modelgate.config.RuntimeHolder;
import dev.modelgate.error.GatewayException;
import dev.modelgate.error.Internal;
import dev.modelgate.error.ModelNotFound;
import dev.modelgate.model.CanonicalRequest;
import dev.modelgate.model.InboundRequest;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.model.Usage;
import dev.modelgate.model.WireProtocol;
import dev.modelgate.observe.AccessLog;
import dev.modelgate.observe.AccessRecord;
import dev.modelgate.route.RouteMatch;
import dev.modelgate.server.BodyReader;
import dev.modelgate.server.HeaderLookup;
import dev.modelgate.server.RequestIds;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAI API: {@code /v1/chat/completions}, {@code /v1/completions}, {@code /v1/embeddings}.
 */
public final class OpenAiEndpoints {
  private static final Logger LOG = Logger.getLogger(OpenAiEndpoints.class.getName());

  private final RuntimeHolder runtime;
  private final AccessLog accessLog;
  private final CallListener listener;

  public OpenAiEndpoints(RuntimeHolder runtime, AccessLog accessLog, CallListener listener) {
    this.runtime = runtime;
    this.accessLog = accessLog;
    this.listener = listener;
  }

  public void register(HttpRouting.Builder routing) {
    for (String prefix : new String[] {"/v1", ""}) {
      routing.post(prefix + "/chat/completions", (req, res) -> handle(req, res, Operation.CHAT));
      routing.post(prefix + "/completions", (req, res) -> handle(req, res, Operation.COMPLETION));
      routing.post(prefix + "/embeddings", (req, res) -> handle(req, res, Operation.EMBEDDING));
    }
    new OpenAiModelsEndpoint(runtime).register(routing);
  }

  private void handle(ServerRequest req, ServerResponse res, Operation operation) {
    Function<String, @Nullable String> headers = HeaderLookup.of(req);
    String requestId = RequestIds.of(headers);
    res.header("x-request-id", requestId);
    long start = System.nanoTime();
    Runtime snapshot = runtime.get();
    Call call = null;
    Principal principal = null;
    String model = null;
    boolean stream = false;
    int status = 200;
    Usage usage = null;
    GatewayException failure = null;
    try {
      principal = snapshot.authenticator().authenticate(headers);
      byte[] body = BodyReader.read(req, snapshot.config().server().maxBodyBytes());
      OpenAiRequestScan.Result scan = OpenAiRequestScan.scan(body, operation);
      model = scan.model();
      stream = scan.stream();
      RouteMatch match = snapshot.router().find(scan.model());
      if (match == null || !principal.mayUse(scan.model())) {
        throw new ModelNotFound(scan.model());
      }
      InboundRequest inbound =
          new InboundRequest(
              WireProtocol.OPENAI,
              operation,
              body,
              scan.model(),
              scan.stream(),
              scan.includeUsage(),
              scan.keys(),
              decoder(operation));
      call = new Call(requestId, inbound, principal, match, listener);
      Reply reply = snapshot.chain().run(call);
      OpenAiReplyWriter.Outcome outcome =
          OpenAiReplyWriter.write(reply, inbound, res, snapshot.config().server().sseKeepAlive());
      usage = outcome.usage();
      failure = outcome.streamFailure();
      status = outcome.clientGone() ? 499 : 200;
    } catch (GatewayException e) {
      failure = e;
      status = sendError(res, e);
    } catch (CloseConnectionException | java.io.UncheckedIOException e) {
      status = 499; // the client went away before the answer was written
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "request " + requestId + " failed inside the gateway", e);
      failure = new Internal("unexpected " + e.getClass().getSimpleName(), e);
      status = sendError(res, failure);
    } finally {
      long micros = (System.nanoTime() - start) / 1000;
      if (call != null) {
        call.listener().callEnd(call, status, usage, failure);
      }
      accessLog.log(
          new AccessRecord(
              requestId,
              "POST",
              req.path().path(),
              status,
              principal == null ? null : principal.keyId(),
              model,
              call == null || call.target() == null ? null : String.valueOf(call.target()),
              stream,
              usage == null ? 0 : usage.promptTokens(),
              usage == null ? 0 : usage.completionTokens(),
              micros,
              call == null ? 0 : call.timeToFirstTokenNanos() / 1000,
              call == null ? 0 : call.attempts(),
              failure == null ? null : failure.getClass().getSimpleName()));
    }
  }

  static int sendError(ServerResponse res, GatewayException error) {
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

  private static Function<byte[], CanonicalRequest> decoder(Operation operation) {
    return switch (operation) {
      case CHAT -> OpenAiRequestCodec::decodeChat;
      case COMPLETION -> OpenAiRequestCodec::decodeCompletion;
      case EMBEDDING -> OpenAiRequestCodec::decodeEmbedding;
    };
  }
}

package dev.modelgate.server;

import dev.modelgate.auth.Principal;
import dev.modelgate.chain.Call;
import dev.modelgate.chain.CallListener;
import dev.modelgate.chain.CallListeners;
import dev.modelgate.codec.RequestScan;
import dev.modelgate.config.Runtime;
import dev.modelgate.config.RuntimeHolder;
import dev.modelgate.error.GatewayException;
import dev.modelgate.error.Internal;
import dev.modelgate.error.ModelNotFound;
import dev.modelgate.error.PermissionDenied;
import dev.modelgate.model.InboundRequest;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.model.Usage;
import dev.modelgate.observe.AccessLog;
import dev.modelgate.observe.AccessRecord;
import dev.modelgate.observe.CallMetrics;
import dev.modelgate.observe.trace.GatewayTracing;
import dev.modelgate.observe.trace.RequestTrace;
import dev.modelgate.route.RouteMatch;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * One API call through any front door, in order: request id, snapshot, key, body (within the
 * limit), checks, route and allowlist, chain, reply; then the listener and the access log, whatever
 * happened.
 */
public final class ApiCallHandler {
  private static final Logger LOG = Logger.getLogger(ApiCallHandler.class.getName());

  private final RuntimeHolder runtime;
  private final AccessLog accessLog;
  private final CallListener listener;
  private final Authentication authentication;
  private final ShutdownDrain drain;
  private final CallMetrics metrics;
  private final GatewayTracing tracing;

  public ApiCallHandler(
      RuntimeHolder runtime,
      AccessLog accessLog,
      CallListener listener,
      Authentication authentication,
      ShutdownDrain drain,
      CallMetrics metrics,
      GatewayTracing tracing) {
    this.runtime = runtime;
    this.accessLog = accessLog;
    this.listener = CallListeners.of(metrics, listener);
    this.authentication = authentication;
    this.drain = drain;
    this.metrics = metrics;
    this.tracing = tracing;
  }

  /** The caller's principal, counting a failed authentication against its address. */
  public Principal authenticate(Runtime snapshot, ServerRequest req) {
    return authentication.authenticate(snapshot, req);
  }

  /** The Helidon handler for {@code operation} requests through {@code door}. */
  public Handler handler(FrontDoor door, Operation operation) {
    return (req, res) -> handle(door, operation, req, res);
  }

  private void handle(FrontDoor door, Operation operation, ServerRequest req, ServerResponse res) {
    Function<String, @Nullable String> headers = HeaderLookup.of(req);
    String requestId = RequestIds.of(headers);
    res.header("x-request-id", requestId);
    if (drain.draining()) {
      // Keep-alive clients reconnect, and the load balancer sends them to an instance that stays.
      res.header("Connection", "close");
    }
    long start = System.nanoTime();
    RequestTrace trace = tracing.begin(requestId, "POST", req.path().path(), headers);
    Runtime snapshot = runtime.get();
    Call call = null;
    Principal principal = null;
    String model = null;
    boolean stream = false;
    int status = 200;
    Usage usage = null;
    GatewayException failure = null;
    boolean admitted = false;
    try {
      drain.enter();
      admitted = true;
      trace.step("authenticate");
      principal = authentication.authenticate(snapshot, req);
      trace.authenticated(principal);
      if (!principal.mayCall(operation)) {
        // A token whose scopes do not grant this kind of request (operation_scopes): 403.
        throw new PermissionDenied(
            "The token lacks a scope that grants "
                + operation.label()
                + " requests on this gateway.");
      }
      byte[] body =
          BodyReader.read(
              req,
              snapshot.config().server().maxBodyBytes(),
              snapshot.config().server().edge().connections().bodyTimeout());
      RequestScan.Result scan =
          door.scan(body, operation, snapshot.config().server().edge().maxJsonDepth());
      model = scan.model();
      stream = scan.stream();
      trace.step("route");
      RouteMatch match = snapshot.router().find(scan.model());
      if (match == null || !principal.mayUse(scan.model())) {
        throw new ModelNotFound(scan.model());
      }
      if (!snapshot.config().routeIp(match.route().model()).permits(ClientAddress.of(req))) {
        throw new PermissionDenied("The model '" + scan.model() + "' may not be used from here.");
      }
      trace.routed(match.route().model(), operation, body);
      InboundRequest inbound =
          new InboundRequest(
              door.protocol(),
              operation,
              body,
              scan.model(),
              scan.stream(),
              door.includeUsage(scan),
              scan.keys(),
              door.decoder(operation),
              scan.modelStart(),
              scan.modelEnd());
      call = new Call(requestId, inbound, principal, match, trace.around(listener), headers);
      Reply reply = trace.capture(drain.track(snapshot.chain(match.route()).run(call)));
      answerHeaders(call, res);
      WriteOutcome outcome =
          door.write(reply, inbound, res, snapshot.config().server().sseKeepAlive());
      usage = outcome.usage();
      failure = outcome.streamFailure();
      status = outcome.clientGone() ? 499 : 200;
    } catch (GatewayException e) {
      failure = e;
      answerHeaders(call, res);
      status = door.sendError(res, e);
    } catch (CloseConnectionException | java.io.UncheckedIOException e) {
      status = 499; // the client went away before the answer was written
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "request " + requestId + " failed inside the gateway", e);
      failure = new Internal("unexpected " + e.getClass().getSimpleName(), e);
      status = door.sendError(res, failure);
    } finally {
      if (admitted) {
        drain.leave();
      }
      if (call != null) {
        call.end(status, usage, failure);
      }
      trace.finish(status, usage, failure);
      long elapsed = System.nanoTime() - start;
      metrics.requestEnd(call, operation, status, usage, failure, elapsed);
      accessLog.log(
          AccessRecord.of(
              requestId,
              trace.traceId(),
              req.path().path(),
              status,
              principal,
              model,
              call,
              stream,
              usage,
              failure,
              elapsed));
    }
  }

  /** The headers policies set to say what they did (a cache hit, a fallback). */
  private static void answerHeaders(@Nullable Call call, ServerResponse res) {
    if (call != null && !res.isSent()) {
      call.responseHeaders().forEach(res::header);
    }
  }
}

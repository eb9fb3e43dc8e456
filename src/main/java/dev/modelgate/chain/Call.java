package dev.modelgate.chain;

import dev.modelgate.auth.Principal;
import dev.modelgate.error.GatewayException;
import dev.modelgate.model.InboundRequest;
import dev.modelgate.model.Usage;
import dev.modelgate.route.RouteMatch;
import dev.modelgate.route.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** One client call as it moves through the chain. Used by one thread at a time. */
public final class Call {
  private final String requestId;
  private final InboundRequest request;
  private final Principal principal;
  private final RouteMatch route;
  private final CallListener listener;
  private final Function<String, @Nullable String> headers;
  private final long startNanos;
  private List<Target> targets;
  private @Nullable Target target;
  private int attempts;
  private long firstTokenNanos;
  private final Map<String, String> responseHeaders = new LinkedHashMap<>();
  private final List<CallListener> endHooks = new ArrayList<>(0);

  public Call(
      String requestId,
      InboundRequest request,
      Principal principal,
      RouteMatch route,
      CallListener listener) {
    this(requestId, request, principal, route, listener, name -> null);
  }

  /** A call whose policies may read the client's request headers (by lower-case name). */
  public Call(
      String requestId,
      InboundRequest request,
      Principal principal,
      RouteMatch route,
      CallListener listener,
      Function<String, @Nullable String> headers) {
    this.requestId = requestId;
    this.request = request;
    this.principal = principal;
    this.route = route;
    this.listener = listener;
    this.headers = headers;
    this.targets = route.route().targets();
    this.startNanos = System.nanoTime();
  }

  public String requestId() {
    return requestId;
  }

  public InboundRequest request() {
    return request;
  }

  public Principal principal() {
    return principal;
  }

  public RouteMatch route() {
    return route;
  }

  public CallListener listener() {
    return listener;
  }

  /** A request header by lower-case name, or null. */
  public @Nullable String header(String name) {
    return headers.apply(name);
  }

  /** The targets the next attempt chooses among: the route's, unless a policy narrowed them. */
  public List<Target> targets() {
    return targets;
  }

  /**
   * Narrows the targets later links choose among (a canary side, a shadow target). The list need
   * not be the route's: a canary's candidates are not.
   */
  public void narrowTargets(List<Target> chosen) {
    targets = List.copyOf(chosen);
  }

  public long startNanos() {
    return startNanos;
  }

  /** The target of the latest attempt, if any was made. */
  public @Nullable Target target() {
    return target;
  }

  public int attempts() {
    return attempts;
  }

  /** Nanoseconds from the call's start to its first output, or 0 when none arrived yet. */
  public long timeToFirstTokenNanos() {
    return firstTokenNanos == 0 ? 0 : firstTokenNanos - startNanos;
  }

  void attempt(Target chosen) {
    target = chosen;
    attempts++;
  }

  void firstToken() {
    if (firstTokenNanos == 0) {
      firstTokenNanos = System.nanoTime();
      listener.firstToken(this);
    }
  }

  /**
   * Records a policy's decision for traces and metrics (see {@link CallListener#decision}); the
   * hook every policy uses: cache, canary, fallback, and rate limit, budget and guardrail.
   */
  public void decision(String name, String value) {
    listener.decision(this, name, value);
  }

  /**
   * Sets a header of the answer (a policy saying what it did: a cache hit, a fallback); the front
   * door sends them with the reply or the error.
   */
  public void responseHeader(String name, String value) {
    responseHeaders.put(name, value);
  }

  public @Nullable String responseHeader(String name) {
    return responseHeaders.get(name);
  }

  public Map<String, String> responseHeaders() {
    return Map.copyOf(responseHeaders);
  }

  /**
   * Has {@code hook} told when the call ends, after the call's listener: a policy settling what it
   * reserved before the call (tokens against a limit, a concurrency slot) from what really
   * happened.
   */
  public void whenEnded(CallListener hook) {
    endHooks.add(hook);
  }

  /**
   * Ends the call: the listener and then each {@link #whenEnded} hook get {@code callEnd} with the
   * status the client saw, the usage it was given and the failure, if any. The front door calls it
   * once, whatever happened (a streamed answer only after its last event).
   */
  public void end(int status, @Nullable Usage usage, @Nullable GatewayException failure) {
    listener.callEnd(this, status, usage, failure);
    for (CallListener hook : endHooks) {
      hook.callEnd(this, status, usage, failure);
    }
  }
}

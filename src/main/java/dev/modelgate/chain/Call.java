package dev.modelgate.chain;

import dev.modelgate.auth.Principal;
import dev.modelgate.model.InboundRequest;
import dev.modelgate.route.RouteMatch;
import dev.modelgate.route.Target;
import org.jspecify.annotations.Nullable;

/** One client call as it moves through the chain. Used by one thread at a time. */
public final class Call {
  private final String requestId;
  private final InboundRequest request;
  private final Principal principal;
  private final RouteMatch route;
  private final CallListener listener;
  private final long startNanos;
  private @Nullable Target target;
  private int attempts;
  private long firstTokenNanos;

  public Call(
      String requestId,
      InboundRequest request,
      Principal principal,
      RouteMatch route,
      CallListener listener) {
    this.requestId = requestId;
    this.request = request;
    this.principal = principal;
    this.route = route;
    this.listener = listener;
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
}

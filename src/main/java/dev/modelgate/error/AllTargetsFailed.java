package dev.modelgate.error;

import java.util.List;

/** Every target of a route was tried and failed; carries each attempt's failure in order. */
public final class AllTargetsFailed extends GatewayException {
  private final List<GatewayException> attempts;

  public AllTargetsFailed(List<GatewayException> attempts) {
    super("All targets failed after " + attempts.size() + " attempt(s)", null);
    if (attempts.isEmpty()) {
      throw new IllegalArgumentException("at least one attempt");
    }
    this.attempts = List.copyOf(attempts);
  }

  public List<GatewayException> attempts() {
    return attempts;
  }

  /** The failure the client should see: the last attempt's. */
  public GatewayException last() {
    return attempts.getLast();
  }
}

package dev.modelgate.error;

/**
 * The gateway is shutting down: a new request after the pre-stop delay, or a stream still running
 * when the drain timeout ran out (503). Another instance behind the same load balancer can serve
 * the same request, so a client may send it again.
 */
public final class ShuttingDown extends GatewayException {
  public ShuttingDown(String message) {
    super(message, null);
  }
}

package dev.modelgate.error;

/** No credential, or one the gateway does not know (401). */
public final class Unauthenticated extends GatewayException {
  public Unauthenticated(String message) {
    super(message, null);
  }
}

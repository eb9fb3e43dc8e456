package dev.modelgate.error;

/** A known caller asked for something it may not use (403). */
public final class PermissionDenied extends GatewayException {
  public PermissionDenied(String message) {
    super(message, null);
  }
}

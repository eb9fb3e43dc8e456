package dev.modelgate.error;

import org.jspecify.annotations.Nullable;

/** A bug or an unexpected state inside the gateway (500). */
public final class Internal extends GatewayException {
  public Internal(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

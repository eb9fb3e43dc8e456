package dev.modelgate.error;

/** The prompt does not fit the model's context; a route may fall back to a longer-context model. */
public final class ContextLengthExceeded extends GatewayException {
  public ContextLengthExceeded(String message) {
    super(message, null);
  }

  @Override
  public boolean fallbackable() {
    return true;
  }
}

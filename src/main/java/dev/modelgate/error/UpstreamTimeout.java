package dev.modelgate.error;

/** An upstream did not connect, answer or continue within its timeout (504). */
public final class UpstreamTimeout extends GatewayException {
  private final boolean beforeFirstByte;

  public UpstreamTimeout(String message, boolean beforeFirstByte) {
    super(message, null);
    this.beforeFirstByte = beforeFirstByte;
  }

  /** Whether nothing had been received yet, so another attempt cannot duplicate output. */
  public boolean beforeFirstByte() {
    return beforeFirstByte;
  }

  @Override
  public boolean retryable() {
    return beforeFirstByte;
  }

  @Override
  public boolean fallbackable() {
    return true;
  }

  @Override
  public boolean targetFault() {
    return true;
  }
}

package dev.modelgate.error;

import org.jspecify.annotations.Nullable;

/** The upstream could not be reached (connection refused, reset, DNS, TLS) (502). */
public final class TargetUnavailable extends GatewayException {
  private final boolean beforeFirstByte;

  public TargetUnavailable(String message, @Nullable Throwable cause, boolean beforeFirstByte) {
    super(message, cause);
    this.beforeFirstByte = beforeFirstByte;
  }

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

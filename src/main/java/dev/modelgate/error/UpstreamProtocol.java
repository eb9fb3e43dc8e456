package dev.modelgate.error;

import org.jspecify.annotations.Nullable;

/** The upstream answered something that does not follow its wire format (502). */
public final class UpstreamProtocol extends GatewayException {
  public UpstreamProtocol(String message, @Nullable Throwable cause) {
    super(message, cause);
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

package dev.modelgate.error;

import org.jspecify.annotations.Nullable;

/**
 * The upstream refused the request with a 4xx that is the request's fault; passed through with its
 * status.
 */
public final class UpstreamRejected extends GatewayException {
  private final int status;
  private final @Nullable String type;
  private final @Nullable String code;
  private final @Nullable String param;

  public UpstreamRejected(
      int status,
      String message,
      @Nullable String type,
      @Nullable String code,
      @Nullable String param) {
    super(message, null);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }

  public int status() {
    return status;
  }

  public @Nullable String type() {
    return type;
  }

  public @Nullable String code() {
    return code;
  }

  public @Nullable String param() {
    return param;
  }

  /** 401/403/404 from an upstream mean the target is misconfigured; another target may work. */
  @Override
  public boolean fallbackable() {
    return status == 401 || status == 403 || status == 404;
  }
}

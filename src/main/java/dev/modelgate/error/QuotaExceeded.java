package dev.modelgate.error;

/** A budget or an upstream quota is used up; retrying will not help. */
public final class QuotaExceeded extends GatewayException {
  private final int status;

  public QuotaExceeded(String message, int status) {
    super(message, null);
    this.status = status;
  }

  /** The status to show the client: 429 as OpenAI sends for insufficient_quota, 402 for balance. */
  public int status() {
    return status;
  }

  @Override
  public boolean fallbackable() {
    return true;
  }
}

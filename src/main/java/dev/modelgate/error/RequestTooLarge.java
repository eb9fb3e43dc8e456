package dev.modelgate.error;

/** The request body is larger than the configured limit (413). */
public final class RequestTooLarge extends GatewayException {
  private final long limit;

  public RequestTooLarge(long limit) {
    super("Request body is larger than the limit of " + limit + " bytes.", null);
    this.limit = limit;
  }

  public long limit() {
    return limit;
  }
}

package dev.modelgate.error;

/** A content filter (upstream or guardrail) refused the request. */
public final class ContentFiltered extends GatewayException {
  public ContentFiltered(String message) {
    super(message, null);
  }

  @Override
  public boolean fallbackable() {
    return true;
  }
}

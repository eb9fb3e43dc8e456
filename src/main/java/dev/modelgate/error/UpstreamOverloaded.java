package dev.modelgate.error;

/** The upstream is overloaded or failing (5xx, Anthropic 529); worth another try. */
public final class UpstreamOverloaded extends GatewayException {
  private final int upstreamStatus;

  public UpstreamOverloaded(String message, int upstreamStatus) {
    super(message, null);
    this.upstreamStatus = upstreamStatus;
  }

  public int upstreamStatus() {
    return upstreamStatus;
  }

  @Override
  public boolean retryable() {
    return true;
  }
}

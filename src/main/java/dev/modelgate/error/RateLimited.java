package dev.modelgate.error;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Too many requests, from the gateway's own limits or an upstream's 429; may carry a retry delay.
 */
public final class RateLimited extends GatewayException {
  private final @Nullable Duration retryAfter;
  private final boolean fromUpstream;

  public RateLimited(String message, @Nullable Duration retryAfter, boolean fromUpstream) {
    super(message, null);
    this.retryAfter = retryAfter;
    this.fromUpstream = fromUpstream;
  }

  public @Nullable Duration retryAfter() {
    return retryAfter;
  }

  public boolean fromUpstream() {
    return fromUpstream;
  }

  /** An upstream's 429 may clear on another key or target; the gateway's own limit will not. */
  @Override
  public boolean retryable() {
    return fromUpstream;
  }
}

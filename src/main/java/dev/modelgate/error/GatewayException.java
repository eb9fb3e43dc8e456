package dev.modelgate.error;

import org.jspecify.annotations.Nullable;

/**
 * Every failure a client can see. Sealed so that each front door maps all of them with one
 * exhaustive {@code switch}; retry and fallback decide from {@link #retryable()} and {@link
 * #fallbackable()}, never from status codes.
 */
public abstract sealed class GatewayException extends RuntimeException
    permits InvalidRequest,
        RequestTooLarge,
        Unauthenticated,
        PermissionDenied,
        ModelNotFound,
        ContextLengthExceeded,
        ContentFiltered,
        RateLimited,
        QuotaExceeded,
        UpstreamTimeout,
        UpstreamOverloaded,
        UpstreamRejected,
        UpstreamProtocol,
        TargetUnavailable,
        AllTargetsFailed,
        ShuttingDown,
        Internal {

  protected GatewayException(String message, @Nullable Throwable cause) {
    // No stack trace: these are expected outcomes on the hot path, not bugs.
    super(message, cause, false, false);
  }

  /** Whether the same request may succeed if sent again (to the same or another target). */
  public boolean retryable() {
    return false;
  }

  /** Whether a fallback target may serve the request instead. */
  public boolean fallbackable() {
    return retryable();
  }

  /**
   * Whether the failure says the target itself is unwell, so it counts against the target's circuit
   * breaker; a refused request (400, a content filter) does not.
   */
  public boolean targetFault() {
    return retryable();
  }
}

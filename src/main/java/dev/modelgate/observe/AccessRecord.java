package dev.modelgate.observe;

import dev.modelgate.auth.Principal;
import dev.modelgate.chain.AnswerHeaders;
import dev.modelgate.chain.Call;
import dev.modelgate.error.GatewayException;
import dev.modelgate.model.Usage;
import org.jspecify.annotations.Nullable;

/**
 * One line of the access log; {@code cache} and {@code fallback} say how policies served the call.
 * Never holds a key or prompt content: {@code keyId} is a hash prefix.
 */
public record AccessRecord(
    String requestId,
    @Nullable String traceId,
    String method,
    String path,
    int status,
    @Nullable String keyId,
    @Nullable String model,
    @Nullable String target,
    boolean stream,
    long promptTokens,
    long completionTokens,
    long latencyMicros,
    long ttftMicros,
    int attempts,
    @Nullable String errorType,
    @Nullable String cache,
    @Nullable String fallback) {

  /** The record of one API call, from what the front door knows at its end. */
  public static AccessRecord of(
      String requestId,
      @Nullable String traceId,
      String path,
      int status,
      @Nullable Principal principal,
      @Nullable String model,
      @Nullable Call call,
      boolean stream,
      @Nullable Usage usage,
      @Nullable GatewayException failure,
      long elapsedNanos) {
    String cache = call == null ? null : call.responseHeader(AnswerHeaders.CACHE);
    // A cache hit cost the upstream nothing: its tokens are not counted again.
    Usage counted = "hit".equals(cache) ? null : usage;
    return new AccessRecord(
        requestId,
        traceId,
        "POST",
        path,
        status,
        principal == null ? null : principal.keyId(),
        model,
        call == null || call.target() == null ? null : String.valueOf(call.target()),
        stream,
        counted == null ? 0 : counted.promptTokens(),
        counted == null ? 0 : counted.completionTokens(),
        elapsedNanos / 1000,
        call == null ? 0 : call.timeToFirstTokenNanos() / 1000,
        call == null ? 0 : call.attempts(),
        failure == null ? null : failure.getClass().getSimpleName(),
        cache,
        call == null ? null : call.responseHeader(AnswerHeaders.FALLBACK));
  }
}

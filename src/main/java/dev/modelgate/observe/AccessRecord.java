package dev.modelgate.observe;

import org.jspecify.annotations.Nullable;

/**
 * One line of the access log. Never holds a key or prompt content: {@code keyId} is a hash prefix.
 */
public record AccessRecord(
    String requestId,
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
    @Nullable String errorType) {}

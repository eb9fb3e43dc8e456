package dev.modelgate.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * One call's usage and cost, as stored. {@code id} is unique per record (the gateway makes it);
 * {@code requestId} is the call's {@code x-request-id}. Tokens count what the upstream billed
 * ({@code promptTokens} includes {@code cachedTokens}); {@code cost} is in {@code currency}, zero
 * when the model has no price; {@code estimated} marks counts the gateway computed.
 */
public record UsageRecord(
    String id,
    String requestId,
    Instant at,
    @Nullable String keyId,
    @Nullable String keyName,
    @Nullable String team,
    @Nullable String user,
    @Nullable String model,
    @Nullable String target,
    @Nullable String provider,
    String operation,
    boolean stream,
    long promptTokens,
    long completionTokens,
    long cachedTokens,
    BigDecimal cost,
    @Nullable String currency,
    long latencyMillis,
    long ttftMillis,
    int status,
    @Nullable String errorType,
    @Nullable String fallback,
    boolean cacheHit,
    boolean estimated) {

  /** The UTC day of the call (yyyy-mm-dd), by which records and daily spend are grouped. */
  public String day() {
    return at.atOffset(ZoneOffset.UTC).toLocalDate().toString();
  }

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}

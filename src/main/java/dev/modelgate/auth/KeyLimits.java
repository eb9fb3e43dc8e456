package dev.modelgate.auth;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * A key's limits and budget: requests and tokens per minute, and a spend cap in US dollars per
 * period ({@code daily}, {@code weekly}, {@code monthly} or {@code total}). Stored and shown; the
 * governance policies enforce them. Null means no limit.
 */
public record KeyLimits(
    @Nullable Integer rpm,
    @Nullable Long tpm,
    @Nullable BigDecimal budgetUsd,
    @Nullable String budgetPeriod) {
  public static final KeyLimits NONE = new KeyLimits(null, null, null, null);
}

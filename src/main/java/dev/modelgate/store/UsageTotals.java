package dev.modelgate.store;

import java.math.BigDecimal;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Usage summed over one group: the group's values by dimension (a null value is a call without one,
 * e.g. no team), the number of calls, failed calls (status 400 and up), tokens and cost.
 */
public record UsageTotals(
    Map<UsageDimension, @Nullable String> group,
    @Nullable String currency,
    long calls,
    long failed,
    long promptTokens,
    long completionTokens,
    long cachedTokens,
    long estimatedCalls,
    BigDecimal cost) {}

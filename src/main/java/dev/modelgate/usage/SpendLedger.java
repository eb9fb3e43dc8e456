package dev.modelgate.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * Spend counters per subject and period, read by the budget policy before a call and added to when
 * a call's usage is known. {@link LocalSpendLedger} keeps them in this process, seeded from the
 * usage table at start; {@link RedisSpendLedger} keeps them in Redis for the fleet. {@link #add}
 * returns the values after the increment, atomically, so that exactly one instance of a fleet sees
 * a threshold being crossed and alerts.
 */
public interface SpendLedger {
  /** What {@code subject} spent in the period of {@code period} that holds {@code at}. */
  Spend spent(SpendSubject subject, BudgetPeriod period, Instant at);

  /**
   * Adds a call's tokens and cost to every period of {@code subject} and returns each period's
   * spend after the addition.
   */
  Map<BudgetPeriod, Spend> add(SpendSubject subject, Instant at, long tokens, BigDecimal cost);
}

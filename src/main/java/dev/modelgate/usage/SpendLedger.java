package dev.modelgate.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * Spend counters per subject and period, read by the budget policy before a call and added to when
 * a call's usage is known. {@link LocalSpendLedger} keeps them in this process, seeded from the
 * usage table at start.
 *
 * <p>A shared implementation (Redis) drops in behind this interface: one counter per subject and
 * period bucket, e.g. {@code mg:spend:team:search:daily:2030-01-31} holding {@code tokens} and
 * {@code cost_nanos} (cost in billionths, so increments stay exact integers), incremented with
 * {@code HINCRBY} in one {@code MULTI} (or a Lua script) that returns the new values, and given an
 * expiry just past the period's end. {@link #add} must return the values after the increment,
 * atomically, so that exactly one instance of a fleet sees a threshold being crossed and alerts.
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

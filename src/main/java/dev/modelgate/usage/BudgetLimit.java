package dev.modelgate.usage;

import java.math.BigDecimal;

/**
 * One cap: {@code limit} tokens or cost (in the price table's currency) per {@code period} for
 * {@code subject}.
 */
public record BudgetLimit(
    SpendSubject subject, BudgetPeriod period, Metric metric, BigDecimal limit) {
  /** What is capped. */
  public enum Metric {
    TOKENS,
    COST
  }

  /** The amount of {@code spend} this limit counts. */
  public BigDecimal amount(Spend spend) {
    return metric == Metric.TOKENS ? BigDecimal.valueOf(spend.tokens()) : spend.cost();
  }

  public boolean reachedBy(Spend spend) {
    return amount(spend).compareTo(limit) >= 0;
  }

  public String describe(String currency) {
    String unit = metric == Metric.TOKENS ? " tokens" : " " + currency;
    return subject
        + " has spent its "
        + period.lowerName()
        + " budget of "
        + limit.toPlainString()
        + unit;
  }
}

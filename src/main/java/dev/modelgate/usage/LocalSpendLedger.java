package dev.modelgate.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spend counters in this process: one per subject and period, holding only the current period (a
 * counter whose period has passed starts again at zero), so memory grows with the number of
 * subjects, not with time. Seeded from the usage table at start; not shared between instances.
 */
public final class LocalSpendLedger implements SpendLedger {
  private record Slot(SpendSubject subject, BudgetPeriod period) {}

  private record Counter(Instant periodStart, Spend spend) {}

  private final Map<Slot, Counter> counters = new ConcurrentHashMap<>();

  @Override
  public Spend spent(SpendSubject subject, BudgetPeriod period, Instant at) {
    Counter counter = counters.get(new Slot(subject, period));
    return counter != null && counter.periodStart().equals(period.start(at))
        ? counter.spend()
        : Spend.ZERO;
  }

  @Override
  public Map<BudgetPeriod, Spend> add(
      SpendSubject subject, Instant at, long tokens, BigDecimal cost) {
    Map<BudgetPeriod, Spend> after = new EnumMap<>(BudgetPeriod.class);
    for (BudgetPeriod period : BudgetPeriod.values()) {
      Instant start = period.start(at);
      Counter updated =
          counters.compute(
              new Slot(subject, period),
              (slot, counter) ->
                  new Counter(
                      start,
                      (counter == null || !counter.periodStart().equals(start)
                              ? Spend.ZERO
                              : counter.spend())
                          .plus(tokens, cost)));
      after.put(period, updated.spend());
    }
    return after;
  }

  /**
   * Raises what {@code subject} spent in the period holding {@code at} to at least {@code spend}
   * (tokens and cost apart): spend only grows within a period, so a count read elsewhere that is
   * older than this one's never lowers it.
   */
  public void raise(SpendSubject subject, BudgetPeriod period, Instant at, Spend spend) {
    Instant start = period.start(at);
    counters.merge(
        new Slot(subject, period),
        new Counter(start, spend),
        (old, raised) ->
            !old.periodStart().equals(start)
                ? raised
                : new Counter(
                    start,
                    new Spend(
                        Math.max(old.spend().tokens(), spend.tokens()),
                        old.spend().cost().max(spend.cost()))));
  }

  /** Sets what {@code subject} spent in the period of {@code period} that holds {@code at}. */
  public void seed(SpendSubject subject, BudgetPeriod period, Instant at, Spend spend) {
    counters.put(new Slot(subject, period), new Counter(period.start(at), spend));
  }
}

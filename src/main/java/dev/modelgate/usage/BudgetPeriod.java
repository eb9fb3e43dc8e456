package dev.modelgate.usage;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The periods spend is counted over, in UTC: a day, an ISO week (from Monday), a month, ever. */
public enum BudgetPeriod {
  DAILY,
  WEEKLY,
  MONTHLY,
  TOTAL;

  /** When the period holding {@code at} began. */
  public Instant start(Instant at) {
    LocalDate day = at.atOffset(ZoneOffset.UTC).toLocalDate();
    LocalDate first =
        switch (this) {
          case DAILY -> day;
          case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
          case MONTHLY -> day.withDayOfMonth(1);
          case TOTAL -> LocalDate.EPOCH;
        };
    return first.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** When the period holding {@code at} ends; null for {@link #TOTAL}, which never does. */
  public @Nullable Instant end(Instant at) {
    LocalDate first = start(at).atOffset(ZoneOffset.UTC).toLocalDate();
    LocalDate next =
        switch (this) {
          case DAILY -> first.plusDays(1);
          case WEEKLY -> first.plusWeeks(1);
          case MONTHLY -> first.plusMonths(1);
          case TOTAL -> null;
        };
    return next == null ? null : next.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code daily}, {@code weekly}, {@code monthly} or {@code total}; null for anything else. */
  public static @Nullable BudgetPeriod named(@Nullable String name) {
    if (name == null) {
      return null;
    }
    for (BudgetPeriod period : values()) {
      if (period.lowerName().equals(name.strip().toLowerCase(Locale.ROOT))) {
        return period;
      }
    }
    return null;
  }
}

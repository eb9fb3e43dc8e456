package dev.modelgate.usage;

import dev.modelgate.store.UsageDimension;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A usage query as the admin API and the CLI take it: the range [{@code from}, {@code to}) and the
 * dimensions to group by. A bad value is an {@link IllegalArgumentException} that names the field.
 */
public record UsageQuery(Instant from, Instant to, List<UsageDimension> groupBy) {
  public UsageQuery {
    groupBy = List.copyOf(groupBy);
  }

  /**
   * {@code from} and {@code to} as ISO-8601 instants or UTC dates ({@code to} a date includes that
   * day), by default the current month up to {@code now}; {@code groupBy} comma-separated.
   */
  public static UsageQuery parse(
      @Nullable String from, @Nullable String to, @Nullable String groupBy, Instant now) {
    Instant start =
        from == null
            ? now.atOffset(ZoneOffset.UTC)
                .toLocalDate()
                .withDayOfMonth(1)
                .atStartOfDay()
                .toInstant(ZoneOffset.UTC)
            : instant("from", from, false);
    Instant end = to == null ? now.plusSeconds(1) : instant("to", to, true);
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("from: must be before to");
    }
    return new UsageQuery(start, end, dimensions(groupBy));
  }

  private static Instant instant(String name, String text, boolean endOfDay) {
    try {
      if (text.length() == 10) {
        LocalDate day = LocalDate.parse(text);
        return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      return Instant.parse(text).truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + ": must be a date like 2030-01-31 or a time like 2030-01-31T12:00:00Z");
    }
  }

  private static List<UsageDimension> dimensions(@Nullable String text) {
    List<UsageDimension> dimensions = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return dimensions;
    }
    for (String name : text.split(",")) {
      UsageDimension dimension = UsageDimension.named(name);
      if (dimension == null) {
        throw new IllegalArgumentException(
            "group_by: unknown dimension '"
                + name.strip()
                + "'; use key, key_name, team, user, model, target, provider or day");
      }
      if (!dimensions.contains(dimension)) {
        dimensions.add(dimension);
      }
    }
    return dimensions;
  }
}

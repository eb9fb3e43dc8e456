package dev.modelgate.store;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What usage totals can be grouped by: the API's {@code group_by} names, each bound to one column
 * (so a query never builds SQL from what a client sent).
 */
public enum UsageDimension {
  KEY("key_id"),
  KEY_NAME("key_name"),
  TEAM("team"),
  USER("user_name"),
  MODEL("model"),
  TARGET("target"),
  PROVIDER("provider"),
  DAY("day");

  private final String column;

  UsageDimension(String column) {
    this.column = column;
  }

  String column() {
    return column;
  }

  /** The name used in the API and in CSV headers: {@code key}, {@code team}, {@code day}... */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static @Nullable UsageDimension named(String name) {
    for (UsageDimension dimension : values()) {
      if (dimension.apiName().equals(name.strip().toLowerCase(Locale.ROOT))) {
        return dimension;
      }
    }
    return null;
  }
}

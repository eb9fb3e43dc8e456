package dev.modelgate.store;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The databases the store runs on, known by their JDBC URL. */
public enum DatabaseVendor {
  SQLITE("jdbc:sqlite:"),
  POSTGRESQL("jdbc:postgresql:"),
  MARIADB("jdbc:mariadb:"),
  /** MySQL through the MariaDB driver, which speaks both. */
  MYSQL("jdbc:mysql:");

  private final String prefix;

  DatabaseVendor(String prefix) {
    this.prefix = prefix;
  }

  public static @Nullable DatabaseVendor of(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    for (DatabaseVendor vendor : values()) {
      if (lower.startsWith(vendor.prefix)) {
        return vendor;
      }
    }
    return null;
  }

  public static String supported() {
    return "jdbc:sqlite:, jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:";
  }
}

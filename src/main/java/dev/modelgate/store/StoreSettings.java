package dev.modelgate.store;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where the store is and how it is pooled; {@code refreshInterval} is how often each gateway looks
 * for changes made by others (the CLI, another instance).
 */
public record StoreSettings(
    String url,
    @Nullable String user,
    @Nullable String password,
    Pool pool,
    Duration refreshInterval) {
  public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(2);

  /** HikariCP pool settings. */
  public record Pool(
      int maxSize,
      int minIdle,
      Duration connectionTimeout,
      Duration idleTimeout,
      Duration maxLifetime) {
    public static final Pool DEFAULT =
        new Pool(10, 1, Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofMinutes(30));
  }

  /** SQLite in the data directory. */
  public static StoreSettings defaults(Path dataDir) {
    return new StoreSettings(defaultUrl(dataDir), null, null, Pool.DEFAULT, DEFAULT_REFRESH);
  }

  public static String defaultUrl(Path dataDir) {
    return "jdbc:sqlite:" + dataDir.resolve("modelgate.db");
  }

  @Override
  public String toString() {
    return "StoreSettings[url="
        + url
        + ", user="
        + user
        + ", password="
        + (password == null ? "none" : "<redacted>")
        + ", pool="
        + pool
        + ", refreshInterval="
        + refreshInterval
        + "]";
  }
}

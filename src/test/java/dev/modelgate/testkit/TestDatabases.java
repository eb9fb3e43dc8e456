package dev.modelgate.testkit;

import dev.modelgate.store.StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, empty database per test class, with a unique name so parallel runs never collide, and
 * dropped afterwards. PostgreSQL and MariaDB are the local servers (override with {@code
 * MODELGATE_TEST_POSTGRES_URL} / {@code MODELGATE_TEST_MARIADB_URL}, user and password in the URL);
 * when one is missing the test fails under {@code CI=true} and is skipped, saying why, elsewhere.
 */
public final class TestDatabases {
  private static final String POSTGRES =
      env("MODELGATE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  private static final String MARIADB =
      env("MODELGATE_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/?user=root&sslMode=disable");

  /** A database made for a test: its store settings, and how to drop it. */
  public record Provisioned(StoreSettings settings, Runnable drop) implements AutoCloseable {
    @Override
    public void close() {
      drop.run();
    }
  }

  private TestDatabases() {}

  public static Provisioned sqlite() {
    try {
      Path dir = Files.createTempDirectory("modelgate-store");
      return new Provisioned(StoreSettings.defaults(dir), () -> deleteTree(dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new schema in the test database, the connection's current schema. */
  public static Provisioned postgres() {
    String schema = uniqueName();
    admin(POSTGRES, "PostgreSQL", "CREATE SCHEMA " + schema);
    String url = POSTGRES + (POSTGRES.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return provisioned(
        url, () -> admin(POSTGRES, "PostgreSQL", "DROP SCHEMA " + schema + " CASCADE"));
  }

  /** A new database on the server. */
  public static Provisioned mariadb() {
    String database = uniqueName();
    admin(MARIADB, "MariaDB", "CREATE DATABASE " + database);
    String url = MARIADB.replaceFirst("^(jdbc:[a-z]+://[^/]+/)", "$1" + database);
    return provisioned(url, () -> admin(MARIADB, "MariaDB", "DROP DATABASE " + database));
  }

  private static Provisioned provisioned(String url, Runnable drop) {
    return new Provisioned(
        new StoreSettings(
            url, null, null, StoreSettings.Pool.DEFAULT, StoreSettings.DEFAULT_REFRESH),
        drop);
  }

  private static void admin(String url, String server, String sql) {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      String message =
          server
              + " is not reachable at "
              + url
              + " ("
              + e.getMessage()
              + "); start it, or set "
              + "the MODELGATE_TEST_*_URL variable";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("CI=true and " + message, e);
      }
      Assumptions.abort(message);
    }
  }

  private static String uniqueName() {
    return "mg_test_" + HexFormat.of().formatHex(randomBytes());
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[6];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  public static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(TestDatabases::deleteQuietly);
    } catch (IOException e) {
      // a leftover temp directory is harmless
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // a leftover temp file is harmless
    }
  }
}

package dev.modelgate.testkit;

import dev.modelgate.shared.SharedSettings;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Redis for tests. {@link #shared()} is the machine's Redis (127.0.0.1:6379, or {@code
 * MODELGATE_TEST_REDIS_URL}) with a key prefix of the test's own, whose keys are deleted on close
 * (never FLUSHALL: other tests and another helper share the server). {@link #privateServer()} is a
 * {@code redis-server} process of the test's own on a free port, which the test may stop and start
 * again. A missing server fails the test under {@code CI=true} and skips it, saying why, elsewhere.
 */
public final class TestRedis {
  private static final URI SHARED =
      URI.create(
          System.getenv().getOrDefault("MODELGATE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"));

  private TestRedis() {}

  /** A Redis that gateways under test share: its {@code shared:} section and its keys. */
  public interface Shared extends AutoCloseable {
    /** The {@code shared:} section for gateways on it. */
    String yaml();

    /** How many keys the gateways wrote that match {@code pattern} after the key prefix. */
    long keys(String pattern);

    @Override
    void close();
  }

  /** A Redis Cluster of three private masters on free loopback ports (see {@link RedisCluster}). */
  public static RedisCluster privateCluster() {
    return RedisCluster.start(binary());
  }

  /** The shared server under a fresh prefix; close deletes every key under it. */
  public static Prefixed shared() {
    reachable(SHARED.getHost(), SHARED.getPort(), "Redis at " + SHARED);
    return new Prefixed(SHARED, "mgtest:" + HexFormat.of().formatHex(randomBytes()) + ":");
  }

  /** A {@code redis-server} of the test's own, started on a free loopback port. */
  public static PrivateServer privateServer() {
    PrivateServer server = new PrivateServer(freePort());
    server.start();
    return server;
  }

  /** Shared settings for {@code url} and {@code prefix}: short timeouts and a fast health check. */
  public static SharedSettings settings(URI url, String prefix, double localShare) {
    return new SharedSettings(
        new SharedSettings.Redis(url, null, Duration.ofMillis(500), 16),
        prefix,
        localShare,
        Duration.ofMillis(100));
  }

  /**
   * The {@code shared:} section of a gateway configuration for {@code url} and {@code prefix}:
   * short timeouts and a fast health check, as {@link #settings}.
   */
  public static String yaml(URI url, String prefix) {
    return "shared:\n  redis: {url: '"
        + url
        + "', timeout: 300ms}\n  key_prefix: '"
        + prefix
        + "'\n  health_interval: 100ms\n";
  }

  /** The machine's Redis under a key prefix of one test. */
  public record Prefixed(URI url, String prefix) implements Shared {
    public SharedSettings settings(double localShare) {
      return TestRedis.settings(url, prefix, localShare);
    }

    /** The {@code shared:} section for gateways on this Redis and prefix. */
    @Override
    public String yaml() {
      return TestRedis.yaml(url, prefix);
    }

    @Override
    public long keys(String pattern) {
      try (Jedis jedis = connect()) {
        return jedis.keys(prefix + pattern).size();
      }
    }

    /** A direct connection, for a test that looks at the keys. */
    public Jedis connect() {
      return new Jedis(url.getHost(), url.getPort());
    }

    /** Deletes every key under the prefix. */
    public void flush() {
      try (Jedis jedis = connect()) {
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams match = new ScanParams().match(prefix + "*").count(500);
        do {
          ScanResult<String> page = jedis.scan(cursor, match);
          if (!page.getResult().isEmpty()) {
            jedis.del(page.getResult().toArray(String[]::new));
          }
          cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
      }
    }

    @Override
    public void close() {
      flush();
    }
  }

  /** A redis-server process on its own port, keeping nothing on disk. */
  public static final class PrivateServer implements AutoCloseable {
    private final int port;
    private final Path log;
    private @Nullable Process process;

    private PrivateServer(int port) {
      this.port = port;
      try {
        this.log = Files.createTempFile("modelgate-redis-" + port, ".log");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public int port() {
      return port;
    }

    public URI url() {
      return URI.create("redis://127.0.0.1:" + port + "/0");
    }

    public SharedSettings settings(String prefix, double localShare) {
      return TestRedis.settings(url(), prefix, localShare);
    }

    public Jedis connect() {
      return new Jedis("127.0.0.1", port);
    }

    /** The {@code shared:} section for gateways on this server under {@code prefix}. */
    public String yaml(String prefix) {
      return TestRedis.yaml(url(), prefix);
    }

    /** Starts the server (again) on its port and waits until it answers PING. */
    public synchronized void start() {
      if (process != null && process.isAlive()) {
        return;
      }
      String binary = binary();
      try {
        process =
            new ProcessBuilder(
                    serverCommand(binary, port, System.getProperty("java.io.tmpdir"), List.of()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Await.until(this::answers, "redis-server on port " + port + " to answer (log: " + log + ")");
    }

    /** Stops the server (SIGTERM) and waits until its port is closed. */
    public synchronized void stop() {
      Process running = process;
      if (running == null) {
        return;
      }
      running.destroy();
      try {
        if (!running.waitFor(10, TimeUnit.SECONDS)) {
          running.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      process = null;
      Await.until(() -> !answers(), "redis-server on port " + port + " to stop");
    }

    private boolean answers() {
      return TestRedis.answers(port);
    }

    @Override
    public void close() {
      stop();
      try {
        Files.deleteIfExists(log);
      } catch (IOException e) {
        // a leftover log in the temp folder is harmless
      }
    }
  }

  /**
   * A {@code redis-server} on loopback {@code port} that keeps nothing on disk (its working files
   * in {@code dir}), with {@code extra} options.
   */
  static List<String> serverCommand(String binary, int port, String dir, List<String> extra) {
    List<String> command = new java.util.ArrayList<>();
    command.addAll(
        List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", ""));
    command.addAll(List.of("--appendonly", "no", "--dir", dir));
    command.addAll(extra);
    return command;
  }

  /** Whether a Redis on loopback {@code port} answers PING. */
  static boolean answers(int port) {
    try (Jedis jedis = new Jedis("127.0.0.1", port)) {
      return "PONG".equals(jedis.ping());
    } catch (RuntimeException e) {
      return false;
    }
  }

  static String binary() {
    for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
      if (new File(dir, "redis-server").canExecute()) {
        return dir + "/redis-server";
      }
    }
    missing("redis-server is not installed (apt-get install -y redis-server)");
    throw new AssertionError("unreachable");
  }

  private static void reachable(String host, int port, String what) {
    try (Jedis jedis = new Jedis(host, port, 2000)) {
      jedis.ping();
    } catch (RuntimeException e) {
      missing(
          what
              + " is not reachable ("
              + e.getMessage()
              + "); start it, or set MODELGATE_TEST_REDIS_URL");
    }
  }

  private static void missing(String message) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI=true and " + message);
    }
    Assumptions.abort(message);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[6];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}

package dev.modelgate.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * A Redis Cluster for tests: three {@code redis-server} masters of the test's own on free loopback
 * ports, the 16,384 slots split between them, met and waited for until every node reports the
 * cluster ok. Keys written by gateways carry the hash tag of the prefix {@code mgtest:}, so all of
 * them sit in one slot, on one of the masters.
 */
public final class RedisCluster implements TestRedis.Shared {
  private static final String PREFIX = "mgtest:";
  private static final int[][] SLOTS = {{0, 5460}, {5461, 10922}, {10923, 16383}};

  private final Path dir;
  private final List<Integer> ports = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  private RedisCluster(Path dir) {
    this.dir = dir;
  }

  static RedisCluster start(String binary) {
    RedisCluster cluster;
    try {
      cluster = new RedisCluster(Files.createTempDirectory("modelgate-redis-cluster"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      cluster.launch(binary);
      cluster.form();
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void launch(String binary) {
    for (int i = 0; i < SLOTS.length; i++) {
      int port = TestRedis.freePort();
      Path node = dir.resolve(Integer.toString(port));
      try {
        Files.createDirectories(node);
        processes.add(
            new ProcessBuilder(
                    TestRedis.serverCommand(
                        binary,
                        port,
                        node.toString(),
                        List.of(
                            "--cluster-enabled",
                            "yes",
                            "--cluster-config-file",
                            node.resolve("nodes.conf").toString(),
                            "--cluster-node-timeout",
                            "2000")))
                .redirectErrorStream(true)
                .redirectOutput(node.resolve("log").toFile())
                .start());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ports.add(port);
    }
    for (int port : ports) {
      Await.until(() -> TestRedis.answers(port), "cluster node on port " + port + " to answer");
    }
  }

  /** Slots to each master, every node introduced to the first, then wait for "cluster_state:ok". */
  private void form() {
    for (int i = 0; i < ports.size(); i++) {
      try (Jedis node = new Jedis("127.0.0.1", ports.get(i))) {
        node.sendCommand(
            Protocol.Command.CLUSTER,
            "ADDSLOTSRANGE",
            Integer.toString(SLOTS[i][0]),
            Integer.toString(SLOTS[i][1]));
        if (i > 0) {
          node.clusterMeet("127.0.0.1", ports.getFirst());
        }
      }
    }
    for (int port : ports) {
      Await.until(() -> clusterOk(port), "cluster node on port " + port + " to see the cluster ok");
    }
  }

  private static boolean clusterOk(int port) {
    try (Jedis jedis = new Jedis("127.0.0.1", port)) {
      return jedis.clusterInfo().contains("cluster_state:ok")
          && jedis.clusterNodes().lines().filter(line -> line.contains("master")).count() == 3;
    }
  }

  /** The seed nodes as the {@code cluster:} list of the configuration. */
  public List<String> seeds() {
    return ports.stream().map(port -> "redis://127.0.0.1:" + port).toList();
  }

  @Override
  public String yaml() {
    return "shared:\n  redis: {cluster: ["
        + String.join(", ", seeds())
        + "], timeout: 300ms}\n  key_prefix: '"
        + PREFIX
        + "'\n  health_interval: 100ms\n";
  }

  @Override
  public long keys(String pattern) {
    long count = 0;
    for (int port : ports) {
      try (Jedis node = new Jedis("127.0.0.1", port)) {
        count += node.keys("{" + PREFIX + "}" + pattern).size();
      }
    }
    return count;
  }

  @Override
  public void close() {
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a leftover scratch folder in the temp directory is harmless
    }
  }
}

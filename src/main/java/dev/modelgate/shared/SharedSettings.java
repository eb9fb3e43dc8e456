package dev.modelgate.shared;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code shared:} section: where Redis is ({@code redis} null: no Redis, every instance keeps
 * its own state), the prefix of every key the gateway writes, the share of a global limit each
 * instance enforces on its own while Redis is down, and how often the link checks Redis.
 */
public record SharedSettings(
    @Nullable Redis redis, String keyPrefix, double localShare, Duration healthInterval) {
  public static final String DEFAULT_PREFIX = "mg:";
  public static final double DEFAULT_LOCAL_SHARE = 0.5;
  public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofSeconds(1);

  /** No Redis: state stays in each process. */
  public static final SharedSettings NONE =
      new SharedSettings(null, DEFAULT_PREFIX, DEFAULT_LOCAL_SHARE, DEFAULT_HEALTH_INTERVAL);

  public boolean enabled() {
    return redis != null;
  }

  /**
   * The prefix as keys carry it: on a Redis Cluster wrapped in braces ({@code {mg:}}) unless it has
   * a hash tag already, so every key hashes to one slot and a script may touch several of them.
   */
  public String keyPrefixInUse() {
    boolean tagged =
        keyPrefix.indexOf('{') >= 0 && keyPrefix.indexOf('}') > keyPrefix.indexOf('{') + 1;
    return redis != null && redis.clustered() && !tagged ? "{" + keyPrefix + "}" : keyPrefix;
  }

  /**
   * A Redis server: {@code redis://[user:password@]host:port/db} ({@code rediss://} for TLS); a
   * {@code password} given apart wins over one in the URL. {@code timeout} bounds connecting, each
   * command and the wait for a pooled connection. With {@code cluster} (seed nodes of a Redis
   * Cluster, {@code url} the first of them) the link follows the cluster's slots, and every key the
   * gateway writes carries one hash tag, so a call's several keys (one script) share a slot.
   */
  public record Redis(
      URI url, List<URI> cluster, @Nullable String password, Duration timeout, int poolMax) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    public static final int DEFAULT_POOL_MAX = 64;

    public Redis {
      cluster = List.copyOf(cluster);
    }

    /** One Redis server, not a cluster. */
    public Redis(URI url, @Nullable String password, Duration timeout, int poolMax) {
      this(url, List.of(), password, timeout, poolMax);
    }

    public boolean clustered() {
      return !cluster.isEmpty();
    }

    /** The database part of a Redis URL's path ({@code /3} gives "3"), empty without one. */
    public static String databaseOf(URI url) {
      String path = url.getPath();
      return path == null || path.length() <= 1 ? "" : path.substring(1);
    }

    /** The address without credentials, for logs. */
    public String address() {
      int port = url.getPort() < 0 ? 6379 : url.getPort();
      return url.getScheme() + "://" + url.getHost() + ":" + port + database();
    }

    private String database() {
      String path = url.getPath();
      return path == null || path.isEmpty() ? "" : path;
    }

    @Override
    public String toString() {
      return "Redis["
          + (clustered() ? "cluster of " + cluster.size() + " seeds, first " : "")
          + address()
          + ", timeout="
          + timeout
          + ", poolMax="
          + poolMax
          + "]";
    }
  }
}

package dev.modelgate.shared;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

/**
 * Jedis clients for the {@code shared.redis} settings: the pooled one the link runs commands on (a
 * server's, or a cluster's following its slots), and single connections for subscriptions. Each
 * takes the address, database, TLS and credentials from the settings and the URL.
 */
final class RedisClients {
  // Redirections (MOVED, ASK) a cluster command follows before it fails, as when slots move.
  private static final int CLUSTER_ATTEMPTS = 3;

  private RedisClients() {}

  /** A connection of its own to {@code node}, without a read timeout (a subscription's). */
  static Jedis dedicated(SharedSettings.Redis redis, URI node) {
    return new Jedis(address(node), clientConfig(redis, node, 0));
  }

  /** A pooled client of the server, or of the cluster (following its slots). */
  static UnifiedJedis pooled(SharedSettings.Redis redis) {
    GenericObjectPoolConfig<Connection> config = new GenericObjectPoolConfig<>();
    config.setMaxTotal(redis.poolMax());
    config.setMaxIdle(redis.poolMax());
    config.setMinIdle(0);
    config.setMaxWait(redis.timeout());
    config.setJmxEnabled(false);
    int timeout = Math.toIntExact(Math.max(1, redis.timeout().toMillis()));
    if (redis.clustered()) {
      Set<HostAndPort> seeds = new LinkedHashSet<>();
      redis.cluster().forEach(seed -> seeds.add(address(seed)));
      return new JedisCluster(
          seeds, clientConfig(redis, redis.url(), timeout), CLUSTER_ATTEMPTS, config);
    }
    return new JedisPooled(config, address(redis.url()), clientConfig(redis, redis.url(), timeout));
  }

  private static HostAndPort address(URI url) {
    return new HostAndPort(url.getHost(), url.getPort() < 0 ? 6379 : url.getPort());
  }

  /**
   * The client settings of a connection to {@code url}: {@code readTimeout} 0 waits for ever
   * (subscriptions).
   */
  private static DefaultJedisClientConfig clientConfig(
      SharedSettings.Redis redis, URI url, int readTimeout) {
    int timeout = Math.toIntExact(Math.max(1, redis.timeout().toMillis()));
    UserInfo user = UserInfo.of(url.getRawUserInfo());
    String password = redis.password() != null ? redis.password() : user.password();
    DefaultJedisClientConfig.Builder client =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(timeout)
            .socketTimeoutMillis(readTimeout)
            .database(database(url))
            .ssl("rediss".equalsIgnoreCase(url.getScheme()))
            .clientName("modelgate");
    if (password != null && !password.isEmpty()) {
      client.password(password);
      String name = user.user();
      if (name != null && !name.isEmpty()) {
        client.user(name);
      }
    }
    return client.build();
  }

  /** The {@code user:password} part of a Redis URL, decoded; either may be null. */
  private record UserInfo(@Nullable String user, @Nullable String password) {
    static UserInfo of(@Nullable String raw) {
      if (raw == null) {
        return new UserInfo(null, null);
      }
      int colon = raw.indexOf(':');
      return colon < 0
          ? new UserInfo(decode(raw), null)
          : new UserInfo(decode(raw.substring(0, colon)), decode(raw.substring(colon + 1)));
    }
  }

  private static String decode(String part) {
    return java.net.URLDecoder.decode(part, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static int database(URI url) {
    String database = SharedSettings.Redis.databaseOf(url);
    return database.isEmpty() ? 0 : Integer.parseInt(database);
  }
}

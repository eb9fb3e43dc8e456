package dev.modelgate.config;

import dev.modelgate.shared.SharedSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code shared:} section: the Redis that instances share state through, the key prefix, the
 * local share of a global limit while Redis is down and the health-check interval. Read once at
 * start: changing it needs a restart.
 */
final class SharedSection {
  private SharedSection() {}

  static SharedSettings shared(ConfigNode node) {
    node.allowOnly(Set.of("redis", "key_prefix", "local_share", "health_interval"));
    String prefix = node.string("key_prefix", SharedSettings.DEFAULT_PREFIX);
    if (prefix.isEmpty() || prefix.chars().anyMatch(Character::isWhitespace)) {
      node.child("key_prefix").problem("must be a non-empty prefix without spaces, like 'mg:'");
    }
    double share = node.decimal("local_share", SharedSettings.DEFAULT_LOCAL_SHARE, 0, 1);
    if (share == 0) {
      node.child("local_share").problem("must be above 0 (a fraction of each global limit)");
      share = SharedSettings.DEFAULT_LOCAL_SHARE;
    }
    Duration interval = node.duration("health_interval", SharedSettings.DEFAULT_HEALTH_INTERVAL);
    if (interval.toMillis() < 50) {
      node.child("health_interval").problem("must be at least 50ms");
    }
    return new SharedSettings(
        node.has("redis") ? redis(node.object("redis")) : null, prefix, share, interval);
  }

  private static SharedSettings.Redis redis(ConfigNode node) {
    node.allowOnly(Set.of("url", "password", "timeout", "pool_max"));
    URI url = node.uri("url", Set.of("redis", "rediss"));
    if (url == null) {
      if (!node.has("url")) {
        node.child("url").problem("is required, like redis://127.0.0.1:6379/0");
      }
      url = URI.create("redis://127.0.0.1:6379/0");
    }
    String path = url.getPath();
    if (path != null && path.length() > 1 && !path.substring(1).matches("[0-9]{1,5}")) {
      node.child("url").problem("the path must be a database number like /0, not '" + path + "'");
      url = URI.create("redis://127.0.0.1:6379/0");
    }
    Duration timeout = node.duration("timeout", SharedSettings.Redis.DEFAULT_TIMEOUT);
    if (timeout.toMillis() < 1) {
      node.child("timeout").problem("must be at least 1ms");
    }
    String password = node.optionalString("password");
    return new SharedSettings.Redis(
        url,
        password == null || password.isEmpty() ? null : password,
        timeout,
        node.integer("pool_max", SharedSettings.Redis.DEFAULT_POOL_MAX, 1, 10_000));
  }
}

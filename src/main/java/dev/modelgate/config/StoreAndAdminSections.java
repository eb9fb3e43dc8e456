package dev.modelgate.config;

import dev.modelgate.auth.ApiKeys;
import dev.modelgate.store.DatabaseVendor;
import dev.modelgate.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The {@code store:} and {@code admin:} sections of the configuration. */
final class StoreAndAdminSections {
  /** The admin roles a token may have (the admin package's AdminRole, lower case). */
  static final Set<String> ADMIN_ROLES = Set.of("admin", "operator", "viewer");

  private StoreAndAdminSections() {}

  static StoreSettings store(ConfigNode node, Path dataDir) {
    node.allowOnly(Set.of("url", "user", "password", "refresh_interval", "pool"));
    String url = node.string("url", StoreSettings.defaultUrl(dataDir));
    if (DatabaseVendor.of(url) == null) {
      node.child("url")
          .problem("unsupported database '" + url + "': use " + DatabaseVendor.supported());
    }
    ConfigNode pool = node.object("pool");
    pool.allowOnly(
        Set.of("max_size", "min_idle", "connection_timeout", "idle_timeout", "max_lifetime"));
    StoreSettings.Pool defaults = StoreSettings.Pool.DEFAULT;
    Duration refresh = node.duration("refresh_interval", StoreSettings.DEFAULT_REFRESH);
    if (refresh.toMillis() < 10) {
      node.child("refresh_interval").problem("must be at least 10ms");
    }
    return new StoreSettings(
        url,
        node.optionalString("user"),
        node.optionalString("password"),
        new StoreSettings.Pool(
            pool.integer("max_size", defaults.maxSize(), 1, 1000),
            pool.integer("min_idle", defaults.minIdle(), 0, 1000),
            pool.duration("connection_timeout", defaults.connectionTimeout()),
            pool.duration("idle_timeout", defaults.idleTimeout()),
            pool.duration("max_lifetime", defaults.maxLifetime())),
        refresh);
  }

  static AdminSettings admin(ConfigNode node, GatewayConfig.Server server) {
    node.allowOnly(Set.of("host", "port", "path", "tokens"));
    AdminSettings defaults = AdminSettings.DISABLED;
    int port = node.integer("port", defaults.port(), 0, 65535);
    if (port != 0 && port == server.port()) {
      node.child("port").problem("must differ from server.port (" + port + ")");
    }
    String path = node.string("path", defaults.path());
    if (!path.startsWith("/") || (path.length() > 1 && path.endsWith("/"))) {
      node.child("path").problem("must start with / and not end with one, like /admin");
    }
    List<AdminSettings.Token> tokens =
        node.each(
            "tokens",
            token -> {
              token.allowOnly(Set.of("name", "hash", "role"));
              String hash = token.requiredString("hash");
              if (!hash.isEmpty() && ApiKeys.parseHash(hash) == null) {
                token
                    .child("hash")
                    .problem(
                        "must be 'sha256:' and 64 hex digits, as `modelgate keys hash` prints (never the token itself)");
              }
              String role = token.string("role", "admin");
              if (!ADMIN_ROLES.contains(role)) {
                token.child("role").problem("must be one of " + new TreeSet<>(ADMIN_ROLES));
              }
              return new AdminSettings.Token(token.requiredString("name"), hash, role);
            });
    // No tokens is fine: admin users log in with a password and TOTP (`modelgate admin users add`).
    return new AdminSettings(true, node.string("host", defaults.host()), port, path, tokens);
  }
}

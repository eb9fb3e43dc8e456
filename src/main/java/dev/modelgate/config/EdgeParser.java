package dev.modelgate.config;

import dev.modelgate.auth.IpRange;
import dev.modelgate.auth.IpRules;
import dev.modelgate.auth.LockoutSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The edge keys of {@code server:} and a route's {@code ip:}, each problem with its path. */
final class EdgeParser {
  static final Set<String> SERVER_KEYS =
      Set.of(
          "ip",
          "trusted_proxies",
          "tls",
          "max_header_bytes",
          "max_json_depth",
          "auth_lockout",
          "max_connections",
          "idle_timeout",
          "body_timeout");
  private static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  private EdgeParser() {}

  static EdgeSettings server(ConfigNode server) {
    EdgeSettings d = EdgeSettings.DEFAULT;
    long headers = server.bytes("max_header_bytes", d.maxHeaderBytes());
    if (headers < 1024 || headers > 1024 * 1024) {
      server.child("max_header_bytes").problem("must be 1KiB to 1MiB");
      headers = d.maxHeaderBytes();
    }
    return new EdgeSettings(
        ip(server),
        ranges(server, "trusted_proxies"),
        server.has("tls") ? tls(server.object("tls")) : null,
        (int) headers,
        server.integer("max_json_depth", d.maxJsonDepth(), 1, 10_000),
        lockout(server.object("auth_lockout")),
        connections(server));
  }

  private static EdgeSettings.Connections connections(ConfigNode server) {
    EdgeSettings.Connections d = EdgeSettings.Connections.DEFAULT;
    Duration idle = server.duration("idle_timeout", d.idleTimeout());
    if (idle.compareTo(Duration.ofSeconds(1)) < 0) {
      server.child("idle_timeout").problem("must be at least 1s");
      idle = d.idleTimeout();
    }
    Duration body = server.duration("body_timeout", d.bodyTimeout());
    if (body.compareTo(Duration.ofSeconds(1)) < 0) {
      server.child("body_timeout").problem("must be at least 1s");
      body = d.bodyTimeout();
    }
    return new EdgeSettings.Connections(
        server.integer("max_connections", d.max(), 0, 1_000_000), idle, body);
  }

  /** The {@code ip: {allow, deny}} under {@code node}, or no rule when absent. */
  static IpRules ip(ConfigNode node) {
    if (!node.has("ip")) {
      return IpRules.ANY;
    }
    ConfigNode ip = node.object("ip");
    ip.allowOnly(Set.of("allow", "deny"));
    return new IpRules(ranges(ip, "allow"), ranges(ip, "deny"));
  }

  private static List<IpRange> ranges(ConfigNode node, String field) {
    List<IpRange> out = new ArrayList<>();
    for (ConfigNode item : node.list(field)) {
      if (!item.raw().isTextual()) {
        item.problem("must be an IP address or CIDR block");
        continue;
      }
      try {
        out.add(IpRange.parse(item.raw().asText()));
      } catch (IllegalArgumentException e) {
        item.problem(String.valueOf(e.getMessage()));
      }
    }
    return out;
  }

  private static LockoutSettings lockout(ConfigNode node) {
    node.allowOnly(Set.of("failures", "window", "lockout"));
    LockoutSettings d = LockoutSettings.DEFAULT;
    return new LockoutSettings(
        node.integer("failures", d.failures(), 0, 1_000_000),
        node.duration("window", d.window()),
        node.duration("lockout", d.lockout()));
  }

  private static EdgeSettings.@Nullable Tls tls(ConfigNode node) {
    node.allowOnly(Set.of("cert", "key", "protocols", "client_auth", "client_ca"));
    Path cert = readable(node, "cert", true);
    Path key = readable(node, "key", true);
    List<String> protocols = node.strings("protocols", List.of("TLSv1.3"));
    for (String protocol : protocols) {
      if (!PROTOCOLS.contains(protocol)) {
        node.child("protocols")
            .problem("'" + protocol + "' is not allowed; use TLSv1.3 and/or TLSv1.2");
      }
    }
    if (protocols.isEmpty()) {
      node.child("protocols").problem("needs at least one protocol");
    }
    String auth = node.string("client_auth", "none").toLowerCase(Locale.ROOT);
    EdgeSettings.ClientAuth clientAuth = EdgeSettings.ClientAuth.NONE;
    switch (auth) {
      case "none" -> clientAuth = EdgeSettings.ClientAuth.NONE;
      case "optional" -> clientAuth = EdgeSettings.ClientAuth.OPTIONAL;
      case "required" -> clientAuth = EdgeSettings.ClientAuth.REQUIRED;
      default -> node.child("client_auth").problem("must be none, optional or required");
    }
    Path clientCa = readable(node, "client_ca", clientAuth != EdgeSettings.ClientAuth.NONE);
    if (cert == null || key == null) {
      return null;
    }
    return new EdgeSettings.Tls(cert, key, protocols, clientAuth, clientCa);
  }

  private static @Nullable Path readable(ConfigNode node, String field, boolean required) {
    String value = required ? node.requiredString(field) : node.optionalString(field);
    if (value == null || value.isEmpty()) {
      return null;
    }
    Path path = Path.of(value);
    if (!Files.isReadable(path)) {
      node.child(field).problem("cannot read file '" + value + "'");
      return null;
    }
    return path;
  }
}

package dev.modelgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.provider.ProviderRegistry;
import dev.modelgate.provider.spi.Secret;
import dev.modelgate.upstream.Timeouts;
import dev.modelgate.upstream.UpstreamSettings;
import dev.modelgate.vault.VaultSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The configuration tree to {@link GatewayConfig}, reporting every problem with its path. */
final class ConfigParser {
  static final long DEFAULT_MAX_BODY = 32L * 1024 * 1024;
  private static final Set<String> UPSTREAM_COMMON =
      Set.of(
          "name",
          "type",
          "base_url",
          "api_key",
          "headers",
          "pool",
          "timeouts",
          "proxy",
          "ca_bundle",
          "client_certificate",
          "client_key",
          "tls_insecure_skip_verify",
          "embedding_batch_size",
          "health_check",
          "api_keys",
          "key_cooldown",
          "credential");

  private final List<String> problems = new ArrayList<>();

  static GatewayConfig parse(JsonNode tree, Path defaultDataDir) {
    ConfigParser parser = new ConfigParser();
    GatewayConfig config = parser.read(new ConfigNode(tree, "", parser.problems), defaultDataDir);
    if (!parser.problems.isEmpty()) {
      throw new ConfigException(parser.problems);
    }
    return config;
  }

  private GatewayConfig read(ConfigNode root, Path defaultDataDir) {
    if (!root.raw().isObject()) {
      root.problem("the configuration must be a YAML mapping");
      return new GatewayConfig(
          server(root.object("server")),
          defaultDataDir,
          new GatewayConfig.Auth(List.of(), false),
          List.of(),
          List.of());
    }
    root.allowOnly(
        Set.of(
            "server",
            "data_dir",
            "auth",
            "upstreams",
            "routes",
            "store",
            "admin",
            "vault",
            "usage",
            "budgets",
            "guardrails",
            "observability",
            "shared",
            "rate_limits"));
    String dataDir = root.optionalString("data_dir");
    List<GatewayConfig.Upstream> upstreams = root.each("upstreams", this::upstream);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < upstreams.size(); i++) {
      if (!names.add(upstreams.get(i).name())) {
        problems.add(
            "upstreams[" + i + "].name: duplicate upstream '" + upstreams.get(i).name() + "'");
      }
    }
    List<GatewayConfig.RouteSpec> routes = root.each("routes", node -> route(node, names));
    Set<String> models = new HashSet<>();
    for (int i = 0; i < routes.size(); i++) {
      if (!models.add(routes.get(i).model())) {
        problems.add("routes[" + i + "].model: duplicate route '" + routes.get(i).model() + "'");
      }
    }
    ResilienceParser.checkFallbacks(routes, problems);
    GatewayConfig.Server server = server(root.object("server"));
    Path data = dataDir == null ? defaultDataDir : Path.of(dataDir);
    return new GatewayConfig(
        server,
        data,
        auth(root.object("auth")),
        upstreams,
        routes,
        StoreAndAdminSections.store(root.object("store"), data),
        root.has("admin")
            ? StoreAndAdminSections.admin(root.object("admin"), server)
            : AdminSettings.DISABLED,
        root.has("vault") ? VaultSection.vault(root.object("vault")) : VaultSettings.NONE,
        UsageSections.usage(root.object("usage"), root.object("budgets"), data),
        ResponseChecksParser.read(root),
        ObservabilitySection.tracing(root.object("observability")),
        SharedSection.shared(root.object("shared")),
        RateLimitSection.read(root),
        ObservabilitySection.accessLog(root.object("observability")),
        ObservabilitySection.metrics(root.object("observability")));
  }

  private static GatewayConfig.Server server(ConfigNode node) {
    Set<String> known =
        new HashSet<>(Set.of("host", "port", "max_body_bytes", "sse_keepalive", "shutdown"));
    known.addAll(EdgeParser.SERVER_KEYS);
    node.allowOnly(known);
    return new GatewayConfig.Server(
        node.string("host", "127.0.0.1"),
        node.integer("port", 8080, 0, 65535),
        node.bytes("max_body_bytes", DEFAULT_MAX_BODY),
        node.duration("sse_keepalive", Duration.ofSeconds(1)),
        EdgeParser.server(node),
        node.has("shutdown")
            ? ShutdownSettings.parse(node.object("shutdown"))
            : ShutdownSettings.DEFAULT);
  }

  private static @Nullable Path readableFile(ConfigNode node, String key) {
    String file = node.optionalString(key);
    if (file == null) {
      return null;
    }
    if (!java.nio.file.Files.isReadable(Path.of(file))) {
      node.child(key).problem("cannot read file '" + file + "'");
    }
    return Path.of(file);
  }

  private static GatewayConfig.Auth auth(ConfigNode node) {
    node.allowOnly(Set.of("keys", "allow_anonymous", "jwt", "client_certificates"));
    List<GatewayConfig.Key> keys =
        node.each(
            "keys",
            key -> {
              key.allowOnly(Set.of("name", "hash", "models", "admin"));
              String hash = key.requiredString("hash");
              if (!hash.isEmpty() && ApiKeys.parseHash(hash) == null) {
                key.child("hash")
                    .problem(
                        "must be 'sha256:' and 64 hex digits, as `modelgate keys hash` prints (never the key itself)");
              }
              return new GatewayConfig.Key(
                  key.requiredString("name"),
                  hash,
                  key.strings("models", List.of("*")),
                  key.bool("admin", false));
            });
    return new GatewayConfig.Auth(
        keys,
        node.bool("allow_anonymous", false),
        node.each("jwt", JwtSection::issuer),
        node.each("client_certificates", ClientCertificateSection::client));
  }

  private GatewayConfig.Upstream upstream(ConfigNode node) {
    String type = node.requiredString("type");
    if (!type.isEmpty() && ProviderRegistry.factory(type) == null) {
      node.child("type")
          .problem("unknown provider type '" + type + "'; known: " + ProviderRegistry.types());
    }
    String apiKey = node.optionalString("api_key");
    ConfigNode pool = node.object("pool");
    pool.allowOnly(Set.of("max_connections", "max_queued", "idle_eviction", "http2", "transport"));
    String transport = pool.string("transport", "auto");
    if (!Set.of("auto", "apache", "jetty").contains(transport)) {
      pool.child("transport").problem("must be auto, apache or jetty, not '" + transport + "'");
      transport = "auto";
    }
    ConfigNode timeouts = node.object("timeouts");
    Timeouts t = timeouts(timeouts, Timeouts.DEFAULT);
    UpstreamSettings defaults = UpstreamSettings.DEFAULT;
    UpstreamSettings client =
        new UpstreamSettings(
            pool.integer("max_connections", defaults.maxConnections(), 1, 100_000),
            pool.integer("max_queued", defaults.maxQueued(), 0, 1_000_000),
            pool.duration("idle_eviction", defaults.idleEviction()),
            t.connect(),
            pool.bool("http2", defaults.http2()),
            node.uri("proxy", Set.of("http", "https")),
            readableFile(node, "ca_bundle"),
            node.bool("tls_insecure_skip_verify", false),
            readableFile(node, "client_certificate"),
            readableFile(node, "client_key"),
            transport);
    if ((client.clientCertificate() == null) != (client.clientKey() == null)) {
      node.child(client.clientKey() == null ? "client_key" : "client_certificate")
          .problem("client_certificate and client_key go together");
    }
    return new GatewayConfig.Upstream(
        node.requiredString("name"),
        type,
        node.uri("base_url", Set.of("http", "https")),
        apiKey == null || apiKey.isEmpty() ? null : new Secret(apiKey),
        node.stringMap("headers"),
        client,
        t,
        node.rest(UPSTREAM_COMMON),
        node.has("oauth2") ? oauth2(node.object("oauth2")) : null,
        node.has("embedding_batch_size")
            ? node.integer("embedding_batch_size", 1, 1, 100_000)
            : null,
        node.has("health_check") ? healthCheck(node.object("health_check")) : null,
        ResilienceParser.keyPool(node),
        credentialReference(node));
  }

  /**
   * The name of a vault credential ({@code credential: qwen-prod}); whether the vault has it is
   * checked when the configuration is compiled against the running vault.
   */
  private static @Nullable String credentialReference(ConfigNode node) {
    String name = node.optionalString("credential");
    if (name == null) {
      return null;
    }
    for (String other : List.of("api_key", "api_keys", "oauth2")) {
      if (node.has(other)) {
        node.child("credential").problem("use credential or " + other + ", not both");
      }
    }
    if (name.isBlank()) {
      node.child("credential").problem("must name a vault credential");
    }
    return name;
  }

  private static GatewayConfig.HealthCheckSpec healthCheck(ConfigNode node) {
    node.allowOnly(Set.of("interval", "timeout", "path", "unhealthy_after", "healthy_after"));
    String path = node.optionalString("path");
    if (path != null && !path.startsWith("/")) {
      node.child("path").problem("must start with /");
    }
    return new GatewayConfig.HealthCheckSpec(
        node.duration("interval", Duration.ofSeconds(10)),
        node.duration("timeout", Duration.ofSeconds(3)),
        path,
        node.integer("unhealthy_after", 2, 1, 100),
        node.integer("healthy_after", 1, 1, 100));
  }

  private static GatewayConfig.@Nullable OAuth2 oauth2(ConfigNode node) {
    node.allowOnly(Set.of("token_url", "client_id", "client_secret", "scope"));
    java.net.URI tokenUrl = node.uri("token_url", Set.of("http", "https"));
    if (tokenUrl == null) {
      node.child("token_url").problem("is required");
      return null;
    }
    return new GatewayConfig.OAuth2(
        tokenUrl,
        node.requiredString("client_id"),
        new Secret(node.requiredString("client_secret")),
        node.optionalString("scope"));
  }

  private static Timeouts timeouts(ConfigNode node, Timeouts base) {
    node.allowOnly(Set.of("connect", "first_byte", "idle", "total"));
    return new Timeouts(
        node.duration("connect", base.connect()),
        node.duration("first_byte", base.firstByte()),
        node.duration("idle", base.idle()),
        node.duration("total", base.total()));
  }

  private GatewayConfig.RouteSpec route(ConfigNode node, Set<String> upstreamNames) {
    Set<String> known =
        new HashSet<>(Set.of("model", "targets", "listed", "canary", "shadow", "ip"));
    known.addAll(ResilienceParser.ROUTE_KEYS);
    known.addAll(ResponseChecksParser.ROUTE_KEYS);
    known.addAll(RateLimitSection.ROUTE_KEYS);
    node.allowOnly(known);
    String model = node.requiredString("model");
    if (model.indexOf('*') >= 0 && model.indexOf('*') != model.length() - 1) {
      node.child("model").problem("'*' may only end a model name (a prefix route)");
    }
    List<GatewayConfig.TargetSpec> targets =
        node.each("targets", target -> target(target, model, upstreamNames));
    if (targets.isEmpty()) {
      node.child("targets").problem("a route needs at least one target");
    }
    return new GatewayConfig.RouteSpec(
        model,
        node.bool("listed", true),
        targets,
        ResilienceParser.route(node),
        node.has("canary")
            ? TrafficSplitParser.canary(node.object("canary"), model, upstreamNames)
            : null,
        node.has("shadow")
            ? TrafficSplitParser.shadow(node.object("shadow"), model, upstreamNames)
            : null,
        EdgeParser.ip(node));
  }

  /** One target of a route (or of its canary or shadow). */
  static GatewayConfig.TargetSpec target(
      ConfigNode target, String routeModel, Set<String> upstreamNames) {
    target.allowOnly(Set.of("upstream", "model", "timeouts", "weight"));
    String upstream = target.requiredString("upstream");
    if (!upstream.isEmpty() && !upstreamNames.contains(upstream)) {
      target.child("upstream").problem("unknown upstream '" + upstream + "'");
    }
    Timeouts own =
        target.has("timeouts") ? timeouts(target.object("timeouts"), Timeouts.DEFAULT) : null;
    return new GatewayConfig.TargetSpec(
        upstream,
        target.string("model", routeModel.endsWith("*") ? "*" : routeModel),
        own,
        target.integer("weight", 1, 1, 1_000_000));
  }
}

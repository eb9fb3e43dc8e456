package dev.modelgate.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.provider.spi.Secret;
import dev.modelgate.store.StoreSettings;
import dev.modelgate.upstream.Timeouts;
import dev.modelgate.upstream.UpstreamSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The validated configuration: records only, secrets wrapped so they never print. */
public record GatewayConfig(
    Server server,
    Path dataDir,
    Auth auth,
    List<Upstream> upstreams,
    List<RouteSpec> routes,
    StoreSettings store,
    AdminSettings admin) {

  public GatewayConfig {
    upstreams = List.copyOf(upstreams);
    routes = List.copyOf(routes);
  }

  /** A configuration with the default store (SQLite in the data directory) and no admin API. */
  public GatewayConfig(
      Server server, Path dataDir, Auth auth, List<Upstream> upstreams, List<RouteSpec> routes) {
    this(
        server,
        dataDir,
        auth,
        upstreams,
        routes,
        StoreSettings.defaults(dataDir),
        AdminSettings.DISABLED);
  }

  /** The listener and its request limits. */
  public record Server(String host, int port, long maxBodyBytes, Duration sseKeepAlive) {}

  /**
   * Client keys; {@code allowAnonymous} lets keyless requests in (for a lab, never in production).
   */
  public record Auth(List<Key> keys, boolean allowAnonymous) {
    public Auth {
      keys = List.copyOf(keys);
    }
  }

  /** One client key by its hash, with the models it may use. */
  public record Key(String name, String hash, List<String> models) {
    public Key {
      models = List.copyOf(models);
    }
  }

  /**
   * One upstream endpoint: its provider type, address, credential, pool and timeouts; {@code
   * embeddingBatch} overrides the provider's limit of embedding inputs per request.
   */
  public record Upstream(
      String name,
      String type,
      @Nullable URI baseUrl,
      @Nullable Secret apiKey,
      Map<String, String> headers,
      UpstreamSettings client,
      Timeouts timeouts,
      ObjectNode options,
      @Nullable OAuth2 oauth2,
      @Nullable Integer embeddingBatch,
      @Nullable HealthCheckSpec healthCheck) {
    public Upstream {
      headers = Map.copyOf(headers);
    }
  }

  /**
   * An active health check: a GET of {@code path} (2xx is healthy) or, without one, a one-token
   * request to a model the routes use.
   */
  public record HealthCheckSpec(
      Duration interval,
      Duration timeout,
      @Nullable String path,
      int unhealthyAfter,
      int healthyAfter) {}

  /** An OAuth2 client-credentials token source, used instead of a fixed {@code api_key}. */
  public record OAuth2(
      URI tokenUrl, String clientId, Secret clientSecret, @Nullable String scope) {}

  /** A public model name (or prefix ending in {@code *}) and its targets. */
  public record RouteSpec(String model, boolean listed, List<TargetSpec> targets) {
    public RouteSpec {
      targets = List.copyOf(targets);
    }
  }

  /** A target: the upstream's name, its model name, and optional timeouts of its own. */
  public record TargetSpec(String upstream, String model, @Nullable Timeouts timeouts) {}
}

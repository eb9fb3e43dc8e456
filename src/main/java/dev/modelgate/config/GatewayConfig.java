package dev.modelgate.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.auth.ClientCertificate;
import dev.modelgate.auth.IpRules;
import dev.modelgate.auth.JwtIssuer;
import dev.modelgate.observe.AccessLogSettings;
import dev.modelgate.observe.trace.TracingSettings;
import dev.modelgate.policy.breaker.BreakerSettings;
import dev.modelgate.policy.cache.CacheSettings;
import dev.modelgate.policy.canary.CanarySettings;
import dev.modelgate.policy.fallback.FallbackSettings;
import dev.modelgate.policy.ratelimit.RateLimitSettings;
import dev.modelgate.policy.retry.RetrySettings;
import dev.modelgate.policy.shadow.ShadowSettings;
import dev.modelgate.provider.spi.Secret;
import dev.modelgate.route.SelectionStrategy;
import dev.modelgate.shared.SharedSettings;
import dev.modelgate.store.StoreSettings;
import dev.modelgate.upstream.Timeouts;
import dev.modelgate.upstream.UpstreamSettings;
import dev.modelgate.usage.UsageSettings;
import dev.modelgate.vault.VaultSettings;
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
    AdminSettings admin,
    VaultSettings vault,
    UsageSettings usage,
    ResponseChecks checks,
    TracingSettings tracing,
    SharedSettings shared,
    RateLimitSettings rateLimits,
    AccessLogSettings accessLog,
    boolean metrics) {

  public GatewayConfig {
    upstreams = List.copyOf(upstreams);
    routes = List.copyOf(routes);
  }

  /**
   * A configuration with every optional section at its default: the store in the data directory, no
   * admin API, vault, prices, budgets, guardrails, tracing, shared state or rate limits, the access
   * log on standard output, metrics on.
   */
  public GatewayConfig(
      Server server, Path dataDir, Auth auth, List<Upstream> upstreams, List<RouteSpec> routes) {
    this(
        server,
        dataDir,
        auth,
        upstreams,
        routes,
        StoreSettings.defaults(dataDir),
        AdminSettings.DISABLED,
        VaultSettings.NONE,
        UsageSettings.defaults(dataDir),
        ResponseChecks.NONE,
        TracingSettings.DISABLED,
        SharedSettings.NONE,
        RateLimitSettings.NONE,
        AccessLogSettings.DEFAULT,
        true);
  }

  /** The listener, its request limits and its network edge. */
  public record Server(
      String host,
      int port,
      long maxBodyBytes,
      Duration sseKeepAlive,
      EdgeSettings edge,
      ShutdownSettings shutdown) {
    public Server(
        String host, int port, long maxBodyBytes, Duration sseKeepAlive, EdgeSettings edge) {
      this(host, port, maxBodyBytes, sseKeepAlive, edge, ShutdownSettings.DEFAULT);
    }

    public Server(String host, int port, long maxBodyBytes, Duration sseKeepAlive) {
      this(host, port, maxBodyBytes, sseKeepAlive, EdgeSettings.DEFAULT);
    }
  }

  /**
   * Client keys and trusted JWT issuers; {@code allowAnonymous} lets keyless requests in (for a
   * lab, never in production).
   */
  public record Auth(
      List<Key> keys,
      boolean allowAnonymous,
      List<JwtIssuer> jwt,
      List<ClientCertificate> clientCertificates) {
    public Auth {
      keys = List.copyOf(keys);
      jwt = List.copyOf(jwt);
      clientCertificates = List.copyOf(clientCertificates);
    }

    public Auth(List<Key> keys, boolean allowAnonymous) {
      this(keys, allowAnonymous, List.of(), List.of());
    }
  }

  /**
   * One client key by its hash, with the models it may use; {@code admin} keys may also use the
   * admin endpoints.
   */
  public record Key(String name, String hash, List<String> models, boolean admin) {
    public Key {
      models = List.copyOf(models);
    }

    public Key(String name, String hash, List<String> models) {
      this(name, hash, models, false);
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
      @Nullable HealthCheckSpec healthCheck,
      @Nullable KeyPoolSpec keyPool,
      @Nullable String credential) {
    public Upstream {
      headers = Map.copyOf(headers);
    }

    /** An upstream whose credential is not from the vault. */
    public Upstream(
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
        @Nullable HealthCheckSpec healthCheck,
        @Nullable KeyPoolSpec keyPool) {
      this(
          name,
          type,
          baseUrl,
          apiKey,
          headers,
          client,
          timeouts,
          options,
          oauth2,
          embeddingBatch,
          healthCheck,
          keyPool,
          null);
    }
  }

  /** Several keys of one endpoint used in turn; a refused one is set aside for {@code coolDown}. */
  public record KeyPoolSpec(List<Secret> keys, Duration coolDown) {
    public KeyPoolSpec {
      keys = List.copyOf(keys);
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

  /**
   * A public model name (or prefix ending in {@code *}), its targets, how it chooses among them and
   * survives their failures, and its gray release ({@code canary}) and {@code shadow}, null when
   * the route has none.
   */
  public record RouteSpec(
      String model,
      boolean listed,
      List<TargetSpec> targets,
      Resilience resilience,
      @Nullable CanarySpec canary,
      @Nullable ShadowSpec shadow,
      IpRules ip) {
    public RouteSpec {
      targets = List.copyOf(targets);
    }

    public RouteSpec(
        String model,
        boolean listed,
        List<TargetSpec> targets,
        Resilience resilience,
        @Nullable CanarySpec canary,
        @Nullable ShadowSpec shadow) {
      this(model, listed, targets, resilience, canary, shadow, IpRules.ANY);
    }

    public RouteSpec(String model, boolean listed, List<TargetSpec> targets) {
      this(model, listed, targets, Resilience.NONE, null, null);
    }
  }

  /** The IP rules of the route named {@code model}; none for an unknown name. */
  public IpRules routeIp(String model) {
    for (RouteSpec route : routes) {
      if (route.model().equals(model)) {
        return route.ip();
      }
    }
    return IpRules.ANY;
  }

  /** A route's gray release: the candidate targets and how the rollout runs. */
  public record CanarySpec(List<TargetSpec> targets, CanarySettings settings) {
    public CanarySpec {
      targets = List.copyOf(targets);
    }
  }

  /** A route's shadow: the target calls are mirrored to, and how many. */
  public record ShadowSpec(TargetSpec target, ShadowSettings settings) {}

  /**
   * A route's target selection, retry, circuit breaker, response cache and fallback; null is off.
   */
  public record Resilience(
      SelectionStrategy strategy,
      @Nullable RetrySettings retry,
      @Nullable BreakerSettings breaker,
      @Nullable CacheSettings cache,
      @Nullable FallbackSettings fallback) {
    public static final Resilience NONE =
        new Resilience(SelectionStrategy.ORDERED, null, null, null, null);
  }

  /**
   * A target: the upstream's name, its model name, optional timeouts of its own, and its weight in
   * weighted choices.
   */
  public record TargetSpec(String upstream, String model, @Nullable Timeouts timeouts, int weight) {

    public TargetSpec(String upstream, String model, @Nullable Timeouts timeouts) {
      this(upstream, model, timeouts, 1);
    }
  }
}

package dev.modelgate.config;

import dev.modelgate.auth.ApiKeyAuthenticator;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.auth.KeySource;
import dev.modelgate.auth.Principal;
import dev.modelgate.chain.ChainPlan;
import dev.modelgate.provider.ProviderRegistry;
import dev.modelgate.provider.common.BatchedEmbeddings;
import dev.modelgate.provider.spi.Credential;
import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.provider.spi.ProviderFactory;
import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.route.HealthCheck;
import dev.modelgate.route.HealthMonitor;
import dev.modelgate.route.Route;
import dev.modelgate.route.Router;
import dev.modelgate.route.Target;
import dev.modelgate.route.TargetHealth;
import dev.modelgate.upstream.UpstreamClient;
import dev.modelgate.upstream.UpstreamRequest;
import dev.modelgate.upstream.UpstreamSettings;
import dev.modelgate.vault.OAuth2ClientCredentials;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Compiles a validated configuration into a {@link Runtime}: adapters, routes, keys, chain. */
public final class RuntimeCompiler {
  private final ClientCache clients;
  private final HealthMonitor health;
  private final KeySource storedKeys;
  private final Clock clock;

  /** A compiler whose health checks are never run (validation, tests). */
  public RuntimeCompiler(ClientCache clients) {
    this(clients, new HealthMonitor(Clock.systemUTC()));
  }

  public RuntimeCompiler(ClientCache clients, HealthMonitor health) {
    this(clients, health, KeySource.NONE, Clock.systemUTC());
  }

  /**
   * {@code storedKeys} are the store's keys, checked after the file's; {@code clock} for expiry.
   */
  public RuntimeCompiler(
      ClientCache clients, HealthMonitor health, KeySource storedKeys, Clock clock) {
    this.clients = clients;
    this.health = health;
    this.storedKeys = storedKeys;
    this.clock = clock;
  }

  public Runtime compile(GatewayConfig config, String source) {
    List<String> problems = new ArrayList<>();
    Map<String, ProviderAdapter> adapters = new HashMap<>();
    Map<String, GatewayConfig.Upstream> upstreams = new HashMap<>();
    Map<String, UpstreamClient> upstreamClients = new HashMap<>();
    Set<UpstreamSettings> inUse = new HashSet<>();
    for (int i = 0; i < config.upstreams().size(); i++) {
      GatewayConfig.Upstream upstream = config.upstreams().get(i);
      ProviderFactory factory = Objects.requireNonNull(ProviderRegistry.factory(upstream.type()));
      try {
        var client = factory.remote() ? clients.get(upstream.client()) : null;
        if (factory.remote()) {
          inUse.add(upstream.client());
          upstreamClients.put(upstream.name(), client);
        }
        adapters.put(
            upstream.name(),
            BatchedEmbeddings.wrap(
                factory.create(settings(upstream, client), client), upstream.embeddingBatch()));
        upstreams.put(upstream.name(), upstream);
      } catch (IllegalArgumentException e) {
        problems.add("upstreams[" + i + "]." + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    List<Route> routes = new ArrayList<>();
    for (GatewayConfig.RouteSpec spec : config.routes()) {
      List<Target> targets = new ArrayList<>();
      for (GatewayConfig.TargetSpec target : spec.targets()) {
        GatewayConfig.Upstream upstream = Objects.requireNonNull(upstreams.get(target.upstream()));
        targets.add(
            new Target(
                target.upstream(),
                Objects.requireNonNull(adapters.get(target.upstream())),
                target.model(),
                target.timeouts() != null ? target.timeouts() : upstream.timeouts(),
                upstream.healthCheck() != null
                    ? health.healthOf(upstream.name())
                    : TargetHealth.UNCHECKED));
      }
      routes.add(new Route(spec.model(), targets, spec.listed()));
    }
    List<HealthCheck> checks = healthChecks(config, adapters, upstreamClients);
    return new Runtime(
        config,
        authenticator(config.auth()),
        new Router(routes),
        ChainPlan.build(),
        Set.copyOf(inUse),
        Instant.now(),
        source,
        checks,
        checkedHealth(checks));
  }

  private List<HealthCheck> healthChecks(
      GatewayConfig config,
      Map<String, ProviderAdapter> adapters,
      Map<String, UpstreamClient> upstreamClients) {
    List<HealthCheck> checks = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < config.upstreams().size(); i++) {
      GatewayConfig.Upstream upstream = config.upstreams().get(i);
      GatewayConfig.HealthCheckSpec spec = upstream.healthCheck();
      if (spec == null) {
        continue;
      }
      try {
        checks.add(
            HealthChecks.of(
                upstream,
                spec,
                Objects.requireNonNull(adapters.get(upstream.name())),
                upstreamClients.get(upstream.name()),
                routedModel(config, upstream.name())));
      } catch (IllegalArgumentException e) {
        problems.add("upstreams[" + i + "]." + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return List.copyOf(checks);
  }

  private Map<String, TargetHealth> checkedHealth(List<HealthCheck> checks) {
    Map<String, TargetHealth> out = new HashMap<>();
    checks.forEach(check -> out.put(check.upstream(), health.healthOf(check.upstream())));
    return out;
  }

  /** A concrete model name some route sends to the upstream (wildcards cannot be probed). */
  private static @Nullable String routedModel(GatewayConfig config, String upstream) {
    for (GatewayConfig.RouteSpec route : config.routes()) {
      for (GatewayConfig.TargetSpec target : route.targets()) {
        if (target.upstream().equals(upstream) && !target.model().contains("*")) {
          return target.model();
        }
      }
    }
    return null;
  }

  private static ProviderSettings settings(
      GatewayConfig.Upstream upstream, @Nullable UpstreamClient client) {
    List<UpstreamRequest.Header> headers = new ArrayList<>();
    upstream
        .headers()
        .forEach((name, value) -> headers.add(new UpstreamRequest.Header(name, value)));
    return new ProviderSettings(
        upstream.name(),
        upstream.type(),
        upstream.baseUrl(),
        credential(upstream, client),
        headers,
        upstream.options());
  }

  private static @Nullable Credential credential(
      GatewayConfig.Upstream upstream, @Nullable UpstreamClient client) {
    GatewayConfig.OAuth2 oauth2 = upstream.oauth2();
    if (oauth2 != null && client != null) {
      return new OAuth2ClientCredentials(
          new OAuth2ClientCredentials.Settings(
              oauth2.tokenUrl(), oauth2.clientId(), oauth2.clientSecret(), oauth2.scope()),
          client,
          upstream.timeouts(),
          Clock.systemUTC());
    }
    return upstream.apiKey() == null ? null : Credential.of(upstream.apiKey());
  }

  private ApiKeyAuthenticator authenticator(GatewayConfig.Auth auth) {
    List<ApiKeyAuthenticator.KeyEntry> keys = new ArrayList<>();
    for (GatewayConfig.Key key : auth.keys()) {
      keys.add(
          new ApiKeyAuthenticator.KeyEntry(
              key.name(), Objects.requireNonNull(ApiKeys.parseHash(key.hash())), key.models()));
    }
    Principal anonymous =
        auth.allowAnonymous() ? new Principal("anonymous", "anonymous", List.of("*")) : null;
    return new ApiKeyAuthenticator(keys, storedKeys, clock, anonymous);
  }
}

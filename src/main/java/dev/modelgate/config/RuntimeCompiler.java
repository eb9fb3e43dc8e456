package dev.modelgate.config;

import dev.modelgate.auth.ApiKeyAuthenticator;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.auth.ClientCertificates;
import dev.modelgate.auth.JwtAuthenticator;
import dev.modelgate.auth.KeySource;
import dev.modelgate.auth.Principal;
import dev.modelgate.chain.Chain;
import dev.modelgate.chain.ChainPlan;
import dev.modelgate.observe.UpstreamPoolMeters;
import dev.modelgate.policy.budget.BudgetPolicy;
import dev.modelgate.policy.ratelimit.RateLimitPolicy;
import dev.modelgate.provider.ProviderRegistry;
import dev.modelgate.provider.common.BatchedEmbeddings;
import dev.modelgate.provider.spi.Credential;
import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.provider.spi.ProviderFactory;
import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.route.HealthCheck;
import dev.modelgate.route.Route;
import dev.modelgate.route.Router;
import dev.modelgate.route.Target;
import dev.modelgate.route.TargetHealth;
import dev.modelgate.upstream.UpstreamClient;
import dev.modelgate.upstream.UpstreamRequest;
import dev.modelgate.upstream.UpstreamSettings;
import dev.modelgate.vault.CredentialVault;
import dev.modelgate.vault.OAuth2ClientCredentials;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Compiles a validated configuration into a {@link Runtime}: adapters, routes, keys, chain. */
public final class RuntimeCompiler {
  private final ClientCache clients;
  private final UpstreamPoolMeters pools;
  private final PolicyServices services;
  private final TrafficPolicies traffic;
  private final ResiliencePolicies resilience;
  private final KeySource storedKeys;
  private final @Nullable CredentialVault vault;

  /** A compiler whose health checks are never run (validation, tests). */
  public RuntimeCompiler(ClientCache clients) {
    this(clients, PolicyServices.standalone());
  }

  public RuntimeCompiler(ClientCache clients, PolicyServices services) {
    this(clients, services, KeySource.NONE);
  }

  /**
   * {@code storedKeys} are the store's keys, checked after the file's; the services' clock decides
   * their expiry.
   */
  public RuntimeCompiler(ClientCache clients, PolicyServices services, KeySource storedKeys) {
    this(clients, services, storedKeys, null);
  }

  /**
   * {@code vault} resolves {@code credential:} references; without one (a configuration check) they
   * are accepted unopened when the configuration enables the vault.
   */
  public RuntimeCompiler(
      ClientCache clients,
      PolicyServices services,
      KeySource storedKeys,
      @Nullable CredentialVault vault) {
    this.vault = vault;
    this.clients = clients;
    this.services = services;
    this.traffic = new TrafficPolicies(services);
    this.resilience = new ResiliencePolicies(services);
    this.storedKeys = storedKeys;
    this.pools = new UpstreamPoolMeters(services.registry());
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
                factory.create(settings(upstream, client, config.vault().enabled()), client),
                upstream.embeddingBatch()));
        upstreams.put(upstream.name(), upstream);
      } catch (IllegalArgumentException e) {
        problems.add("upstreams[" + i + "]." + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    Map<String, Route> routes = new LinkedHashMap<>();
    Function<GatewayConfig.TargetSpec, Target> compile =
        target -> target(target, adapters, upstreams);
    for (GatewayConfig.RouteSpec spec : config.routes()) {
      List<Target> targets = spec.targets().stream().map(compile).toList();
      routes.put(
          spec.model(),
          new Route(spec.model(), targets, spec.listed(), resilience.selector(spec, targets)));
    }
    Map<String, Chain> chains = new HashMap<>();
    // Always on: a stored key may get a budget at any time, without a reload.
    BudgetPolicy budget =
        new BudgetPolicy(
            config.usage().budgets(),
            services.spend(),
            config.usage().prices().currency(),
            services.clock());
    // Always on, like the budget: a stored key may get limits at any time, without a reload.
    RateLimitPolicy rateLimit = new RateLimitPolicy(config.rateLimits(), services.rateLimits());
    Set<String> canaries = new HashSet<>();
    for (GatewayConfig.RouteSpec spec : config.routes()) {
      Route route = Objects.requireNonNull(routes.get(spec.model()));
      ChainPlan.RoutePolicies split = traffic.forRoute(spec, route.targets(), compile);
      ChainPlan.RoutePolicies policies =
          ResponsePolicies.withChecks(
              resilience
                  .forRoute(spec, route, routes, split)
                  .withRateLimit(rateLimit)
                  .withBudget(budget),
              config.checks(),
              spec.model());
      chains.put(spec.model(), ChainPlan.build(policies));
      if (spec.canary() != null) {
        canaries.add(spec.model());
      }
    }
    List<HealthCheck> checks =
        HealthChecks.all(config, adapters, upstreamClients, services.health());
    // Only now that nothing can fail: state the new configuration does not use is dropped.
    resilience.retainOnly(config.routes(), routes);
    services.rollouts().retain(canaries);
    pools.track(upstreamClients);
    services
        .keyPools()
        .retain(
            config.upstreams().stream()
                .filter(u -> u.keyPool() != null)
                .map(GatewayConfig.Upstream::name)
                .toList());
    return new Runtime(
        config,
        authenticator(config.auth()),
        new Router(List.copyOf(routes.values())),
        chains,
        Set.copyOf(inUse),
        Instant.now(),
        source,
        checks,
        HealthChecks.states(checks, services.health()));
  }

  private Target target(
      GatewayConfig.TargetSpec target,
      Map<String, ProviderAdapter> adapters,
      Map<String, GatewayConfig.Upstream> upstreams) {
    GatewayConfig.Upstream upstream = Objects.requireNonNull(upstreams.get(target.upstream()));
    return new Target(
        target.upstream(),
        Objects.requireNonNull(adapters.get(target.upstream())),
        target.model(),
        target.timeouts() != null ? target.timeouts() : upstream.timeouts(),
        upstream.healthCheck() != null
            ? services.health().healthOf(upstream.name())
            : TargetHealth.UNCHECKED);
  }

  private ProviderSettings settings(
      GatewayConfig.Upstream upstream, @Nullable UpstreamClient client, boolean vaultEnabled) {
    List<UpstreamRequest.Header> headers = new ArrayList<>();
    upstream
        .headers()
        .forEach((name, value) -> headers.add(new UpstreamRequest.Header(name, value)));
    return new ProviderSettings(
        upstream.name(),
        upstream.type(),
        upstream.baseUrl(),
        credential(upstream, client, vaultEnabled),
        headers,
        upstream.options());
  }

  private @Nullable Credential credential(
      GatewayConfig.Upstream upstream, @Nullable UpstreamClient client, boolean vaultEnabled) {
    String reference = upstream.credential();
    if (reference != null) {
      return vaultCredential(reference, vaultEnabled);
    }
    GatewayConfig.KeyPoolSpec pool = upstream.keyPool();
    if (pool != null) {
      return services.keyPools().forUpstream(upstream.name(), pool.keys(), pool.coolDown());
    }
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

  /** The vault's live credential; the message becomes {@code upstreams[i].credential: ...}. */
  private Credential vaultCredential(String reference, boolean vaultEnabled) {
    if (vault == null) {
      if (!vaultEnabled) {
        throw new IllegalArgumentException(
            "credential: the vault is off; set vault.master_key to use credential '"
                + reference
                + "'");
      }
      return UnopenedCredential.of(reference);
    }
    Credential credential = vault.credential(reference);
    if (credential == null) {
      throw new IllegalArgumentException("credential: unknown credential '" + reference + "'");
    }
    return credential;
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
    JwtAuthenticator jwt =
        auth.jwt().isEmpty() ? null : new JwtAuthenticator(auth.jwt(), services.clock());
    return new ApiKeyAuthenticator(
        keys,
        storedKeys,
        services.clock(),
        anonymous,
        jwt,
        new ClientCertificates(auth.clientCertificates()));
  }
}

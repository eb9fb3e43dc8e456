package dev.modelgate.config;

import dev.modelgate.auth.ApiKeyAuthenticator;
import dev.modelgate.chain.Chain;
import dev.modelgate.route.HealthCheck;
import dev.modelgate.route.Route;
import dev.modelgate.route.Router;
import dev.modelgate.route.TargetHealth;
import dev.modelgate.upstream.UpstreamSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One immutable, compiled configuration: what a request needs, ready to use. A request reads the
 * current snapshot once and keeps it to the end, so a reload never changes a call in flight.
 */
public record Runtime(
    GatewayConfig config,
    ApiKeyAuthenticator authenticator,
    Router router,
    Map<String, Chain> chains,
    Set<UpstreamSettings> clientsInUse,
    Instant loadedAt,
    String source,
    List<HealthCheck> healthChecks,
    Map<String, TargetHealth> health) {

  public Runtime {
    chains = Map.copyOf(chains);
    healthChecks = List.copyOf(healthChecks);
    health = Map.copyOf(health);
  }

  /** The chain of a route of this snapshot (each route has its own policies). */
  public Chain chain(Route route) {
    return Objects.requireNonNull(chains.get(route.model()), route.model());
  }
}

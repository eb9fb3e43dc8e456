package dev.modelgate.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.config.GatewayConfig;
import dev.modelgate.config.Runtime;
import dev.modelgate.config.RuntimeHolder;
import dev.modelgate.route.TargetHealth;
import io.helidon.webserver.http.HttpRouting;

/**
 * {@code /healthz}: the process serves (also while it drains, so liveness never kills a draining
 * pod). {@code /readyz}: a configuration is loaded with its upstreams, and no shutdown has begun.
 */
public final class HealthEndpoints {
  private HealthEndpoints() {}

  private static boolean allInRotation(Runtime snapshot) {
    return snapshot.health().values().stream().allMatch(TargetHealth::inRotation);
  }

  /** Each upstream's active check: status, failures in a row, last check, last change, error. */
  private static ObjectNode targets(Runtime snapshot) {
    ObjectNode targets = Json.object();
    for (GatewayConfig.Upstream upstream : snapshot.config().upstreams()) {
      TargetHealth health = snapshot.health().get(upstream.name());
      TargetHealth.View view = (health != null ? health : TargetHealth.UNCHECKED).view();
      ObjectNode node =
          targets
              .putObject(upstream.name())
              .put("status", view.status().name().toLowerCase(java.util.Locale.ROOT));
      if (view.checkedAt() != null) {
        node.put("checked_at", view.checkedAt().toString());
        node.put("failures_in_a_row", view.failuresInARow());
      }
      if (view.changedAt() != null) {
        node.put("since", view.changedAt().toString());
      }
      if (view.lastError() != null) {
        node.put("last_error", view.lastError());
      }
    }
    return targets;
  }

  public static void register(
      HttpRouting.Builder routing, RuntimeHolder runtime, ShutdownDrain drain) {
    routing.get(
        "/healthz",
        (req, res) -> {
          res.header("Content-Type", "application/json");
          res.send("{\"status\":\"ok\"}");
        });
    routing.get(
        "/readyz",
        (req, res) -> {
          Runtime snapshot = runtime.get();
          boolean routed = !snapshot.config().routes().isEmpty();
          boolean ready = routed && !drain.draining();
          res.status(ready ? 200 : 503);
          res.header("Content-Type", "application/json");
          ObjectNode body =
              Json.object()
                  .put(
                      "status",
                      drain.draining()
                          ? "draining"
                          : !routed ? "no routes" : allInRotation(snapshot) ? "ready" : "degraded")
                  .put("upstreams", snapshot.config().upstreams().size())
                  .put("routes", snapshot.config().routes().size())
                  .put("config", snapshot.source())
                  .put("loaded_at", snapshot.loadedAt().toString());
          body.set("targets", targets(snapshot));
          res.send(Json.bytes(body));
        });
  }
}

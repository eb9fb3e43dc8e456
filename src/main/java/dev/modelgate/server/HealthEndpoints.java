package dev.modelgate.server;

import dev.modelgate.codec.Json;
import dev.modelgate.config.Runtime;
import dev.modelgate.config.RuntimeHolder;
import io.helidon.webserver.http.HttpRouting;

/**
 * {@code /healthz}: the process serves. {@code /readyz}: a configuration is loaded with its
 * upstreams.
 */
public final class HealthEndpoints {
  private HealthEndpoints() {}

  public static void register(HttpRouting.Builder routing, RuntimeHolder runtime) {
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
          boolean ready = !snapshot.config().routes().isEmpty();
          res.status(ready ? 200 : 503);
          res.header("Content-Type", "application/json");
          res.send(
              Json.bytes(
                  Json.object()
                      .put("status", ready ? "ready" : "no routes")
                      .put("upstreams", snapshot.config().upstreams().size())
                      .put("routes", snapshot.config().routes().size())
                      .put("config", snapshot.source())
                      .put("loaded_at", snapshot.loadedAt().toString())));
        });
  }
}

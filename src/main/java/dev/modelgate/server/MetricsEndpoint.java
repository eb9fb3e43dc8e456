package dev.modelgate.server;

import dev.modelgate.observe.Metrics;
import io.helidon.webserver.http.HttpRouting;

/**
 * {@code GET /metrics}: the gateway's meters in Prometheus' text format, unauthenticated like
 * {@code /healthz} (the full observability endpoint comes with #8).
 */
final class MetricsEndpoint {
  private MetricsEndpoint() {}

  static void register(HttpRouting.Builder routing, Metrics metrics) {
    routing.get(
        "/metrics",
        (req, res) -> {
          res.header("Content-Type", Metrics.CONTENT_TYPE);
          res.send(metrics.scrape());
        });
  }
}

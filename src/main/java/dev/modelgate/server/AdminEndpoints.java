package dev.modelgate.server;

import dev.modelgate.admin.RolloutAdmin;
import dev.modelgate.codec.Json;
import dev.modelgate.error.GatewayException;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.observe.Metrics;
import dev.modelgate.server.openai.OpenAiErrorShape;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;

/**
 * The operator's endpoints on the API listener until the admin API gets a port of its own: {@code
 * GET /metrics} (Prometheus text, unauthenticated like {@code /healthz}), and a route's rollout
 * under {@code /admin/routes/{model}/rollout} (an admin key). The route name may contain slashes;
 * errors have OpenAI's shape.
 */
final class AdminEndpoints {
  private static final String PREFIX = "/admin/routes/";
  private static final String ROLLOUT = "/rollout";
  private static final long MAX_BODY = 64 * 1024;

  private AdminEndpoints() {}

  static void register(HttpRouting.Builder routing, Metrics metrics, RolloutAdmin rollouts) {
    if (metrics.enabled()) {
      routing.get(
          "/metrics",
          (req, res) -> {
            res.header("Content-Type", Metrics.CONTENT_TYPE);
            res.send(metrics.scrape());
          });
    }
    routing.get(
        PREFIX + "*",
        (req, res) ->
            answer(res, () -> rollouts.get(route(req.path().path(), ""), HeaderLookup.of(req))));
    routing.post(
        PREFIX + "*",
        (req, res) ->
            answer(
                res,
                () -> {
                  String path = req.path().path();
                  String action = path.substring(path.lastIndexOf('/') + 1);
                  String route = route(path, "/" + action);
                  // The body (a reason) is optional.
                  byte[] body =
                      req.content().hasEntity() ? BodyReader.read(req, MAX_BODY) : new byte[0];
                  return rollouts.post(route, action, body, HeaderLookup.of(req));
                }));
  }

  /** The route name in {@code /admin/routes/<route>/rollout<tail>}. */
  private static String route(String path, String tail) {
    String suffix = ROLLOUT + tail;
    if (!path.endsWith(suffix) || path.length() <= PREFIX.length() + suffix.length()) {
      throw new InvalidRequest(
          "Admin paths are /admin/routes/{model}/rollout and .../rollout/{action}.",
          null,
          "unknown_path");
    }
    return path.substring(PREFIX.length(), path.length() - suffix.length());
  }

  private static void answer(
      ServerResponse res, java.util.function.Supplier<RolloutAdmin.AdminReply> action) {
    res.header("Content-Type", "application/json");
    try {
      RolloutAdmin.AdminReply reply = action.get();
      res.status(reply.status());
      res.send(Json.bytes(reply.body()));
    } catch (GatewayException e) {
      OpenAiErrorShape shape = OpenAiErrorShape.of(e);
      res.status(shape.status());
      res.send(shape.body());
    }
  }
}

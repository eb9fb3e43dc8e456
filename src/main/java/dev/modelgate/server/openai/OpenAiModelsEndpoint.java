package dev.modelgate.server.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.auth.Principal;
import dev.modelgate.codec.Json;
import dev.modelgate.config.Runtime;
import dev.modelgate.config.RuntimeHolder;
import dev.modelgate.error.GatewayException;
import dev.modelgate.error.ModelNotFound;
import dev.modelgate.route.Route;
import dev.modelgate.route.RouteMatch;
import dev.modelgate.server.ApiCallHandler;
import dev.modelgate.server.HeaderLookup;
import dev.modelgate.server.RequestIds;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}: only the models the calling key may use.
 */
final class OpenAiModelsEndpoint {
  private final RuntimeHolder runtime;
  private final ApiCallHandler calls;

  OpenAiModelsEndpoint(RuntimeHolder runtime, ApiCallHandler calls) {
    this.runtime = runtime;
    this.calls = calls;
  }

  void register(HttpRouting.Builder routing) {
    for (String prefix : new String[] {"/v1", ""}) {
      routing.get(prefix + "/models", this::list);
      routing.get(prefix + "/models/*", this::one);
    }
  }

  private void list(ServerRequest req, ServerResponse res) {
    res.header("x-request-id", RequestIds.of(HeaderLookup.of(req)));
    Runtime snapshot = runtime.get();
    try {
      Principal principal = calls.authenticate(snapshot, req);
      ObjectNode root = Json.object().put("object", "list");
      ArrayNode data = root.putArray("data");
      for (Route route : snapshot.router().listed()) {
        if (principal.mayUse(route.model())) {
          data.add(model(route.model(), route, snapshot));
        }
      }
      res.header("Content-Type", "application/json");
      res.send(Json.bytes(root));
    } catch (GatewayException e) {
      OpenAiEndpoints.sendOpenAiError(res, e);
    }
  }

  private void one(ServerRequest req, ServerResponse res) {
    res.header("x-request-id", RequestIds.of(HeaderLookup.of(req)));
    Runtime snapshot = runtime.get();
    try {
      Principal principal = calls.authenticate(snapshot, req);
      String path = req.path().path();
      String id =
          URLDecoder.decode(
              path.substring(path.indexOf("/models/") + "/models/".length()),
              StandardCharsets.UTF_8);
      RouteMatch match = snapshot.router().find(id);
      if (match == null || !principal.mayUse(id)) {
        throw new ModelNotFound(id);
      }
      res.header("Content-Type", "application/json");
      res.send(Json.bytes(model(id, match.route(), snapshot)));
    } catch (GatewayException e) {
      OpenAiEndpoints.sendOpenAiError(res, e);
    }
  }

  private static ObjectNode model(String id, Route route, Runtime snapshot) {
    return Json.object()
        .put("id", id)
        .put("object", "model")
        .put("created", snapshot.loadedAt().getEpochSecond())
        .put("owned_by", route.targets().getFirst().endpoint());
  }
}

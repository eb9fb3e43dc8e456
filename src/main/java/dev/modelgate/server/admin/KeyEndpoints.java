package dev.modelgate.server.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.admin.KeyAdministration;
import dev.modelgate.admin.KeyView;
import dev.modelgate.store.VirtualKey;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import java.time.Clock;

/**
 * {@code /v1/keys}: create (the secret in the reply, once), list, show, update, revoke and rotate
 * virtual keys.
 */
final class KeyEndpoints {
  private final KeyAdministration keys;
  private final AdminRequests requests;
  private final Clock clock;

  KeyEndpoints(KeyAdministration keys, AdminRequests requests, Clock clock) {
    this.keys = keys;
    this.requests = requests;
    this.clock = clock;
  }

  void register(HttpRouting.Builder routing, String base) {
    routing.post(
        base,
        requests.handler(
            (who, req) -> issued(201, keys.create(who, KeyJson.draft(AdminRequests.body(req))))));
    routing.get(
        base,
        requests.handler(
            (who, req) -> AdminRequests.list(keys.list(who).stream().map(this::json).toList())));
    routing.get(base + "/{id}", requests.handler((who, req) -> ok(keys.show(who, id(req)))));
    routing.patch(
        base + "/{id}",
        requests.handler(
            (who, req) -> ok(keys.update(who, id(req), KeyJson.changes(AdminRequests.body(req))))));
    AdminRequests.Action revoke = (who, req) -> ok(keys.revoke(who, id(req)));
    routing.post(base + "/{id}/revoke", requests.handler(revoke));
    routing.delete(base + "/{id}", requests.handler(revoke));
    routing.post(
        base + "/{id}/rotate",
        requests.handler(
            (who, req) ->
                issued(
                    200,
                    keys.rotate(
                        who,
                        id(req),
                        AdminRequests.grace(
                            AdminRequests.body(req), KeyAdministration.DEFAULT_GRACE)))));
  }

  private static String id(ServerRequest req) {
    return req.path().pathParameters().get("id");
  }

  private ObjectNode json(VirtualKey key) {
    return KeyView.of(key, clock.instant());
  }

  private AdminRequests.Reply ok(VirtualKey key) {
    return new AdminRequests.Reply(200, json(key));
  }

  private AdminRequests.Reply issued(int status, KeyAdministration.IssuedKey issued) {
    return new AdminRequests.Reply(status, json(issued.key()).put("key", issued.secret()));
  }
}

package dev.modelgate.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.admin.AdminException;
import dev.modelgate.admin.CredentialView;
import dev.modelgate.admin.VaultAdministration;
import dev.modelgate.vault.CredentialVault.CredentialInfo;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import java.time.Clock;

/**
 * {@code /v1/credentials}: set or rotate ({@code PUT /{name}} with {@code {"value": ..., "grace":
 * "1h"}}), list, show and delete the vault's upstream credentials; write-only: no reply ever holds
 * a value. {@code POST /v1/vault/rotate-master-key} re-wraps every data key.
 */
final class CredentialEndpoints {
  private final VaultAdministration vault;
  private final AdminRequests requests;
  private final Clock clock;

  CredentialEndpoints(VaultAdministration vault, AdminRequests requests, Clock clock) {
    this.vault = vault;
    this.requests = requests;
    this.clock = clock;
  }

  void register(HttpRouting.Builder routing, String base) {
    routing.get(
        base,
        requests.handler(
            (who, req) -> AdminRequests.list(vault.list(who).stream().map(this::json).toList())));
    routing.get(base + "/{name}", requests.handler((who, req) -> ok(vault.show(who, name(req)))));
    routing.put(
        base + "/{name}",
        requests.handler(
            (who, req) -> {
              JsonNode body = AdminRequests.body(req);
              JsonNode value = body.get("value");
              if (value == null || !value.isTextual()) {
                throw AdminException.invalid("value: required, a string");
              }
              return ok(
                  vault.set(
                      who,
                      name(req),
                      value.asText(),
                      AdminRequests.grace(body, VaultAdministration.DEFAULT_GRACE)));
            }));
    routing.delete(
        base + "/{name}", requests.handler((who, req) -> ok(vault.delete(who, name(req)))));
  }

  void registerMasterKey(HttpRouting.Builder routing, String base) {
    routing.post(
        base + "/rotate-master-key",
        requests.handler(
            (who, req) -> new AdminRequests.Reply(200, vault.rotateMasterKey(who).json())));
  }

  private static String name(ServerRequest req) {
    return req.path().pathParameters().get("name");
  }

  private JsonNode json(CredentialInfo info) {
    return CredentialView.of(info, clock.instant());
  }

  private AdminRequests.Reply ok(CredentialInfo info) {
    return new AdminRequests.Reply(200, json(info));
  }
}

package dev.modelgate.server.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.admin.AdminRole;
import dev.modelgate.codec.Json;
import dev.modelgate.store.AuditEntry;
import dev.modelgate.store.AuditLog;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** {@code GET /v1/audit?limit=&actor=&action=}: the admin audit log, newest first. */
final class AuditEndpoints {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final AuditLog log;
  private final AdminRequests requests;

  AuditEndpoints(AuditLog log, AdminRequests requests) {
    this.log = log;
    this.requests = requests;
  }

  void register(HttpRouting.Builder routing, String path) {
    routing.get(
        path,
        requests.handler(
            (who, req) -> {
              who.require(AdminRole.Permission.READ_AUDIT, "read the audit log");
              return AdminRequests.list(
                  log
                      .recent(
                          AdminRequests.limit(req, DEFAULT_LIMIT, MAX_LIMIT),
                          AdminRequests.query(req, "actor"),
                          AdminRequests.query(req, "action"))
                      .stream()
                      .map(AuditEndpoints::json)
                      .toList());
            }));
  }

  private static ObjectNode json(AuditEntry entry) {
    ObjectNode node = Json.object().put("id", entry.id()).put("object", "audit_entry");
    node.put("at", entry.at().toString()).put("actor", entry.actor()).put("role", entry.role());
    node.put("action", entry.action()).put("target", entry.target());
    node.put("client_address", entry.clientAddress()).put("outcome", entry.outcome());
    node.set("before", state(entry.before()));
    node.set("after", state(entry.after()));
    return node;
  }

  private static com.fasterxml.jackson.databind.JsonNode state(@Nullable String json) {
    if (json == null) {
      return Json.MAPPER.nullNode();
    }
    try {
      return Json.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

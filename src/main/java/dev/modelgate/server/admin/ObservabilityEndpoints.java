package dev.modelgate.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.admin.AdminException;
import dev.modelgate.admin.AdminRole;
import dev.modelgate.admin.LogLevels;
import dev.modelgate.observe.trace.RecentTraces;
import dev.modelgate.observe.trace.RecordedTrace;
import dev.modelgate.observe.trace.TraceJson;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * {@code GET /v1/traces?request_id=&key_id=&model=&status=&limit=}: recent traces, newest first,
 * with their spans; {@code GET /v1/loggers?prefix=} and {@code PUT /v1/loggers/{name}} with {@code
 * {"level":"FINE"}}: log levels at run time.
 */
final class ObservabilityEndpoints {
  static final int MAX_LIMIT = 1000;

  private final RecentTraces traces;
  private final LogLevels levels;
  private final AdminRequests requests;

  ObservabilityEndpoints(RecentTraces traces, LogLevels levels, AdminRequests requests) {
    this.traces = traces;
    this.levels = levels;
    this.requests = requests;
  }

  void register(HttpRouting.Builder routing, String base) {
    routing.get(
        base + "/v1/traces",
        requests.handler(
            (who, req) -> {
              who.require(AdminRole.Permission.READ_TRACES, "read traces");
              return AdminRequests.list(
                  traces.find(filter(req), AdminRequests.limit(req, 100, MAX_LIMIT)).stream()
                      .map(TraceJson::of)
                      .toList());
            }));
    routing.get(
        base + "/v1/loggers",
        requests.handler(
            (who, req) -> {
              String prefix = AdminRequests.query(req, "prefix");
              return AdminRequests.list(levels.list(who, prefix == null ? "" : prefix));
            }));
    routing.put(
        base + "/v1/loggers/{name}",
        requests.handler(
            (who, req) -> {
              JsonNode level = AdminRequests.body(req).get("level");
              if (level == null || !(level.isTextual() || level.isNull())) {
                throw AdminException.invalid("level: required, a level name or null");
              }
              String name = req.path().pathParameters().get("name");
              String logger = name.equals("root") ? "" : name;
              return new AdminRequests.Reply(
                  200, levels.set(who, logger, level.isNull() ? null : level.asText()));
            }));
  }

  private static Predicate<RecordedTrace> filter(ServerRequest req) {
    String requestId = AdminRequests.query(req, "request_id");
    String keyId = AdminRequests.query(req, "key_id");
    String model = AdminRequests.query(req, "model");
    String status = AdminRequests.query(req, "status");
    return trace ->
        (requestId == null || requestId.equals(trace.requestId()))
            && (keyId == null || keyId.equals(trace.keyId()))
            && (model == null || model.equals(trace.model()))
            && (status == null || Objects.equals(status, Long.toString(trace.status())));
  }
}

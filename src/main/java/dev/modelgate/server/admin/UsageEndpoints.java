package dev.modelgate.server.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.admin.AdminException;
import dev.modelgate.admin.AdminRole;
import dev.modelgate.codec.Json;
import dev.modelgate.store.UsageDimension;
import dev.modelgate.store.UsageRecord;
import dev.modelgate.store.UsageStore;
import dev.modelgate.store.UsageTotals;
import dev.modelgate.usage.UsageCsv;
import dev.modelgate.usage.UsageQuery;
import dev.modelgate.usage.UsageRecordJson;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/usage}: usage totals in [{@code from}, {@code to}) grouped by {@code group_by}
 * (key, key_name, team, user, model, target, provider, day; a time series is {@code day} with
 * another dimension); {@code GET /v1/usage/records}: the records themselves. Both answer JSON, or
 * CSV with {@code format=csv} (records: every one in the range, streamed).
 */
final class UsageEndpoints {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;

  private final UsageStore store;
  private final AdminRequests requests;
  private final Clock clock;

  UsageEndpoints(UsageStore store, AdminRequests requests, Clock clock) {
    this.store = store;
    this.requests = requests;
    this.clock = clock;
  }

  void register(HttpRouting.Builder routing, String path) {
    routing.get(path, requests.writing(this::totals));
    routing.get(path + "/records", requests.writing(this::records));
  }

  private void totals(
      dev.modelgate.admin.AdminPrincipal who, ServerRequest req, ServerResponse res) {
    who.require(AdminRole.Permission.READ_USAGE, "read usage");
    UsageQuery range = query(req);
    List<UsageDimension> groupBy = range.groupBy();
    List<UsageTotals> totals = store.totals(range.from(), range.to(), groupBy);
    if (csv(req)) {
      csv(res, "usage.csv", out -> UsageCsv.totals(out, groupBy, totals));
      return;
    }
    ObjectNode body = Json.object().put("object", "usage.totals");
    body.put("from", range.from().toString()).put("to", range.to().toString());
    ArrayNode names = body.putArray("group_by");
    groupBy.forEach(d -> names.add(d.apiName()));
    ArrayNode data = body.putArray("data");
    for (UsageTotals row : totals) {
      ObjectNode item = data.addObject();
      row.group().forEach((dimension, value) -> item.put(dimension.apiName(), value));
      item.put("currency", row.currency()).put("calls", row.calls()).put("failed", row.failed());
      item.put("prompt_tokens", row.promptTokens());
      item.put("completion_tokens", row.completionTokens());
      item.put("total_tokens", row.promptTokens() + row.completionTokens());
      item.put("cached_tokens", row.cachedTokens());
      item.put("estimated_calls", row.estimatedCalls());
      item.put("cost", row.cost().toPlainString());
    }
    AdminRequests.send(res, 200, body);
  }

  private void records(
      dev.modelgate.admin.AdminPrincipal who, ServerRequest req, ServerResponse res) {
    who.require(AdminRole.Permission.READ_USAGE, "read usage");
    UsageQuery range = query(req);
    if (csv(req)) {
      csv(
          res,
          "usage-records.csv",
          out -> UsageCsv.records(out, sink -> store.records(range.from(), range.to(), sink)));
      return;
    }
    int limit = AdminRequests.limit(req, DEFAULT_LIMIT, MAX_LIMIT);
    List<UsageRecord> records = new ArrayList<>();
    store.records(
        range.from(),
        range.to(),
        record -> {
          if (records.size() < limit) {
            records.add(record);
          }
        });
    AdminRequests.Reply reply =
        AdminRequests.list(records.stream().map(UsageRecordJson::tree).toList());
    AdminRequests.send(res, reply.status(), reply.body());
  }

  private UsageQuery query(ServerRequest req) {
    try {
      return UsageQuery.parse(
          AdminRequests.query(req, "from"),
          AdminRequests.query(req, "to"),
          AdminRequests.query(req, "group_by"),
          clock.instant());
    } catch (IllegalArgumentException e) {
      throw AdminException.invalid(String.valueOf(e.getMessage()));
    }
  }

  private static boolean csv(ServerRequest req) {
    String format = AdminRequests.query(req, "format");
    if (format == null || format.equals("json")) {
      return false;
    }
    if (format.equals("csv")) {
      return true;
    }
    throw AdminException.invalid("format: must be json or csv");
  }

  private static void csv(
      ServerResponse res, String file, java.util.function.Consumer<Writer> body) {
    res.header("Content-Type", "text/csv; charset=utf-8");
    res.header("Content-Disposition", "attachment; filename=\"" + file + "\"");
    try (Writer out = new OutputStreamWriter(res.outputStream(), StandardCharsets.UTF_8)) {
      body.accept(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

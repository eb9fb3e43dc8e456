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
import dev.modelgate.usage.UsageRecordJson;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

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
    Range range = range(req);
    List<UsageDimension> groupBy = groupBy(query(req, "group_by"));
    List<UsageTotals> totals = store.totals(range.from(), range.to(), groupBy);
    if (csv(req)) {
      UsageCsv.totals(res, groupBy, totals);
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
    Range range = range(req);
    if (csv(req)) {
      UsageCsv.records(res, sink -> store.records(range.from(), range.to(), sink));
      return;
    }
    int limit = limit(query(req, "limit"));
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
        AdminRequests.list(records.stream().map(UsageRecordJson::write).toList());
    AdminRequests.send(res, reply.status(), reply.body());
  }

  private record Range(Instant from, Instant to) {}

  /**
   * {@code from} and {@code to} as ISO-8601 instants or UTC dates ({@code to} a date includes that
   * day); by default the current month up to now.
   */
  private Range range(ServerRequest req) {
    Instant now = clock.instant();
    String fromText = query(req, "from");
    String toText = query(req, "to");
    Instant from =
        fromText == null
            ? now.atOffset(ZoneOffset.UTC)
                .toLocalDate()
                .withDayOfMonth(1)
                .atStartOfDay()
                .toInstant(ZoneOffset.UTC)
            : instant("from", fromText, false);
    Instant to = toText == null ? now.plusSeconds(1) : instant("to", toText, true);
    if (!from.isBefore(to)) {
      throw AdminException.invalid("from: must be before to");
    }
    return new Range(from, to);
  }

  private static Instant instant(String name, String text, boolean endOfDay) {
    try {
      if (text.length() == 10) {
        LocalDate day = LocalDate.parse(text);
        return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      return Instant.parse(text).truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeParseException e) {
      throw AdminException.invalid(
          name + ": must be a date like 2030-01-31 or a time like 2030-01-31T12:00:00Z");
    }
  }

  private static List<UsageDimension> groupBy(@Nullable String text) {
    List<UsageDimension> dimensions = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return dimensions;
    }
    for (String name : text.split(",")) {
      UsageDimension dimension = UsageDimension.named(name);
      if (dimension == null) {
        throw AdminException.invalid(
            "group_by: unknown dimension '"
                + name.strip()
                + "'; use key, key_name, team, user, model, target, provider or day");
      }
      if (!dimensions.contains(dimension)) {
        dimensions.add(dimension);
      }
    }
    return dimensions;
  }

  private static int limit(@Nullable String text) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= 1 && value <= MAX_LIMIT) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below, like an out-of-range number
    }
    throw AdminException.invalid("limit: must be a whole number from 1 to " + MAX_LIMIT);
  }

  private static boolean csv(ServerRequest req) {
    String format = query(req, "format");
    if (format == null || format.equals("json")) {
      return false;
    }
    if (format.equals("csv")) {
      return true;
    }
    throw AdminException.invalid("format: must be json or csv");
  }

  private static @Nullable String query(ServerRequest req, String name) {
    return req.query().first(name).orElse(null);
  }
}

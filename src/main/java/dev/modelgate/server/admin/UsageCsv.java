package dev.modelgate.server.admin;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.modelgate.store.UsageDimension;
import dev.modelgate.store.UsageRecord;
import dev.modelgate.store.UsageTotals;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** Usage totals and records as CSV (RFC 4180, a header line first), written by Jackson. */
final class UsageCsv {
  private static final CsvMapper MAPPER = new CsvMapper();
  private static final List<String> TOTAL_COLUMNS =
      List.of(
          "currency",
          "calls",
          "failed",
          "prompt_tokens",
          "completion_tokens",
          "total_tokens",
          "cached_tokens",
          "estimated_calls",
          "cost");
  private static final List<String> RECORD_COLUMNS =
      List.of(
          "id",
          "request_id",
          "at",
          "key_id",
          "key_name",
          "team",
          "user",
          "model",
          "target",
          "provider",
          "operation",
          "stream",
          "prompt_tokens",
          "completion_tokens",
          "cached_tokens",
          "cost",
          "currency",
          "latency_ms",
          "ttft_ms",
          "status",
          "error_type",
          "fallback",
          "cache_hit",
          "estimated");

  /** A consumer of records that a store query feeds. */
  @FunctionalInterface
  interface RecordSource {
    void each(Consumer<UsageRecord> sink);
  }

  private UsageCsv() {}

  static void totals(ServerResponse res, List<UsageDimension> groupBy, List<UsageTotals> rows) {
    List<String> columns = new ArrayList<>();
    groupBy.forEach(d -> columns.add(d.apiName()));
    columns.addAll(TOTAL_COLUMNS);
    write(
        res,
        "usage.csv",
        columns,
        writer -> {
          for (UsageTotals row : rows) {
            List<Object> line = new ArrayList<>();
            groupBy.forEach(d -> line.add(String.valueOf(text(row.group().get(d)))));
            line.addAll(
                Arrays.asList(
                    text(row.currency()),
                    row.calls(),
                    row.failed(),
                    row.promptTokens(),
                    row.completionTokens(),
                    row.promptTokens() + row.completionTokens(),
                    row.cachedTokens(),
                    row.estimatedCalls(),
                    row.cost().toPlainString()));
            writer.write(line);
          }
        });
  }

  static void records(ServerResponse res, RecordSource source) {
    write(
        res,
        "usage-records.csv",
        RECORD_COLUMNS,
        writer ->
            source.each(
                r -> {
                  try {
                    writer.write(
                        Arrays.asList(
                            r.id(),
                            r.requestId(),
                            r.at().toString(),
                            text(r.keyId()),
                            text(r.keyName()),
                            text(r.team()),
                            text(r.user()),
                            text(r.model()),
                            text(r.target()),
                            text(r.provider()),
                            r.operation(),
                            r.stream(),
                            r.promptTokens(),
                            r.completionTokens(),
                            r.cachedTokens(),
                            r.cost().toPlainString(),
                            text(r.currency()),
                            r.latencyMillis(),
                            r.ttftMillis(),
                            r.status(),
                            text(r.errorType()),
                            text(r.fallback()),
                            r.cacheHit(),
                            r.estimated()));
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }));
  }

  private static String text(@org.jspecify.annotations.Nullable String value) {
    return value == null ? "" : value;
  }

  private interface Lines {
    void write(SequenceWriter writer) throws IOException;
  }

  private static void write(ServerResponse res, String file, List<String> columns, Lines lines) {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    columns.forEach(schema::addColumn);
    res.header("Content-Type", "text/csv; charset=utf-8");
    res.header("Content-Disposition", "attachment; filename=\"" + file + "\"");
    try (OutputStream out = res.outputStream();
        SequenceWriter writer = MAPPER.writer(schema.build()).writeValues(out)) {
      lines.write(writer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

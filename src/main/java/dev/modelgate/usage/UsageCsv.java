package dev.modelgate.usage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.modelgate.store.UsageDimension;
import dev.modelgate.store.UsageRecord;
import dev.modelgate.store.UsageTotals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Usage totals and records as CSV (RFC 4180, a header line first), written by Jackson to a stream:
 * the admin API's {@code format=csv} and {@code modelgate usage}.
 */
public final class UsageCsv {
  // The caller owns the stream: a CLI must not close standard output.
  private static final CsvMapper MAPPER =
      CsvMapper.builder().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).build();
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
  public interface RecordSource {
    void each(Consumer<UsageRecord> sink);
  }

  private UsageCsv() {}

  public static void totals(Writer out, List<UsageDimension> groupBy, List<UsageTotals> rows) {
    List<String> columns = new ArrayList<>();
    groupBy.forEach(d -> columns.add(d.apiName()));
    columns.addAll(TOTAL_COLUMNS);
    write(
        out,
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

  public static void records(Writer out, RecordSource source) {
    write(
        out,
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

  private static void write(Writer out, List<String> columns, Lines lines) {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    columns.forEach(schema::addColumn);
    try (SequenceWriter writer = MAPPER.writer(schema.build()).writeValues(out)) {
      lines.write(writer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

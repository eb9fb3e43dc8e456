package dev.modelgate.cli;

import dev.modelgate.admin.AdminPrincipal;
import dev.modelgate.admin.KeyServices;
import dev.modelgate.store.UsageDimension;
import dev.modelgate.store.UsageStore;
import dev.modelgate.store.UsageTotals;
import dev.modelgate.usage.UsageCsv;
import dev.modelgate.usage.UsageQuery;
import dev.modelgate.usage.UsageRecordJson;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code modelgate usage totals|records}: the usage records in the store, read where it is, like
 * the admin API's {@code GET /v1/usage} and {@code /v1/usage/records}.
 */
@Command(
    name = "usage",
    description = "Usage and cost from the store's usage records.",
    subcommands = {UsageCommand.Totals.class, UsageCommand.Records.class})
public final class UsageCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The range both verbs take. */
  static final class Range {
    @Option(
        names = "--from",
        description =
            "Start: a UTC date (2030-01-31) or ISO-8601 time; default the 1st of this month.")
    @Nullable String from;

    @Option(
        names = "--to",
        description = "End: a UTC date (included) or ISO-8601 time (excluded); default now.")
    @Nullable String to;
  }

  @Command(
      name = "totals",
      description = "Calls, tokens and cost in the range, grouped by --group-by.")
  static final class Totals extends StoreVerb {
    @picocli.CommandLine.Mixin Range range = new Range();

    @Option(
        names = "--group-by",
        description = "Comma-separated: key, key_name, team, user, model, target, provider, day.")
    @Nullable String groupBy;

    @Option(
        names = "--format",
        description = "table or csv (default: ${DEFAULT-VALUE}).",
        defaultValue = "table")
    String format;

    @Override
    void run(KeyServices services, AdminPrincipal who, PrintWriter out) {
      UsageQuery query = UsageQuery.parse(range.from, range.to, groupBy, Instant.now());
      List<UsageTotals> rows =
          services.usageStore().totals(query.from(), query.to(), query.groupBy());
      switch (format) {
        case "csv" -> UsageCsv.totals(out, query.groupBy(), rows);
        case "table" -> table(out, query, rows);
        default -> throw new IllegalArgumentException("--format: table or csv");
      }
    }

    private static void table(PrintWriter out, UsageQuery query, List<UsageTotals> rows) {
      out.println("usage from " + query.from() + " to " + query.to());
      List<String> header = new ArrayList<>();
      query.groupBy().forEach(d -> header.add(d.apiName()));
      header.addAll(List.of("calls", "failed", "prompt", "completion", "cached", "cost"));
      List<List<String>> lines = new ArrayList<>();
      lines.add(header);
      for (UsageTotals row : rows) {
        List<String> line = new ArrayList<>();
        for (UsageDimension dimension : query.groupBy()) {
          String value = row.group().get(dimension);
          line.add(value == null ? "-" : value);
        }
        line.add(Long.toString(row.calls()));
        line.add(Long.toString(row.failed()));
        line.add(Long.toString(row.promptTokens()));
        line.add(Long.toString(row.completionTokens()));
        line.add(Long.toString(row.cachedTokens()));
        line.add(row.cost().toPlainString() + " " + (row.currency() == null ? "" : row.currency()));
        lines.add(line);
      }
      int[] widths = new int[header.size()];
      for (List<String> line : lines) {
        for (int i = 0; i < line.size(); i++) {
          widths[i] = Math.max(widths[i], line.get(i).length());
        }
      }
      for (List<String> line : lines) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < line.size(); i++) {
          text.append(String.format("%-" + (widths[i] + 2) + "s", line.get(i)));
        }
        out.println(text.toString().stripTrailing());
      }
    }
  }

  @Command(name = "records", description = "The usage records in the range, oldest first.")
  static final class Records extends StoreVerb {
    @picocli.CommandLine.Mixin Range range = new Range();

    @Option(
        names = "--format",
        description = "csv (every record) or json (one per line, up to --limit).",
        defaultValue = "csv")
    String format;

    @Option(
        names = "--limit",
        description = "Most records with --format json (default: ${DEFAULT-VALUE}).",
        defaultValue = "100")
    int limit;

    @Override
    void run(KeyServices services, AdminPrincipal who, PrintWriter out) {
      UsageQuery query = UsageQuery.parse(range.from, range.to, null, Instant.now());
      UsageStore store = services.usageStore();
      switch (format) {
        case "csv" -> UsageCsv.records(out, sink -> store.records(query.from(), query.to(), sink));
        case "json" -> {
          int[] written = {0};
          store.records(
              query.from(),
              query.to(),
              record -> {
                if (written[0]++ < limit) {
                  out.println(UsageRecordJson.line(record));
                }
              });
        }
        default -> throw new IllegalArgumentException("--format: csv or json");
      }
    }
  }
}

package dev.modelgate.config;

import dev.modelgate.usage.BudgetSettings;
import dev.modelgate.usage.ModelPrice;
import dev.modelgate.usage.PriceTable;
import dev.modelgate.usage.UsageSettings;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The {@code usage:} (prices, spool) and {@code budgets:} sections of the configuration. */
final class UsageSections {
  private static final List<BigDecimal> DEFAULT_THRESHOLDS =
      List.of(new BigDecimal("0.5"), new BigDecimal("0.8"), BigDecimal.ONE);
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private UsageSections() {}

  static UsageSettings usage(ConfigNode usage, ConfigNode budgets, Path dataDir) {
    usage.allowOnly(Set.of("currency", "prices", "spool"));
    String currency = usage.string("currency", "USD");
    if (!currency.matches("[A-Za-z]{3}")) {
      usage.child("currency").problem("must be a three-letter currency code like USD or EUR");
    }
    List<ModelPrice> prices = new ArrayList<>();
    usage
        .entries("prices")
        .forEach(
            (model, price) -> {
              price.allowOnly(Set.of("input", "output", "cached_input"));
              BigDecimal input = price.amount("input");
              BigDecimal output = price.amount("output");
              if (input == null || output == null) {
                price.problem("needs input and output (per 1M tokens)");
                return;
              }
              prices.add(new ModelPrice(model, input, output, price.amount("cached_input")));
            });
    ConfigNode spool = usage.object("spool");
    spool.allowOnly(Set.of("dir", "flush_interval", "batch_size", "sync_interval"));
    UsageSettings.Spool defaults = UsageSettings.Spool.defaults(dataDir);
    String dir = spool.optionalString("dir");
    UsageSettings.Spool spoolSettings =
        new UsageSettings.Spool(
            dir == null ? defaults.dir() : Path.of(dir),
            spool.duration("flush_interval", defaults.flushInterval()),
            spool.integer("batch_size", defaults.batchSize(), 1, 100_000),
            spool.duration("sync_interval", defaults.syncInterval()));
    return new UsageSettings(
        new PriceTable(currency.toUpperCase(java.util.Locale.ROOT), prices),
        budgets(budgets),
        spoolSettings);
  }

  private static BudgetSettings budgets(ConfigNode node) {
    node.allowOnly(Set.of("teams", "users", "alerts"));
    return new BudgetSettings(
        caps(node.entries("teams")),
        caps(node.entries("users")),
        node.has("alerts") ? alerts(node.object("alerts")) : null);
  }

  private static Map<String, BudgetSettings.Caps> caps(Map<String, ConfigNode> entries) {
    Map<String, BudgetSettings.Caps> caps = new LinkedHashMap<>();
    entries.forEach(
        (name, node) -> {
          node.allowOnly(Set.of("daily_tokens", "monthly_tokens", "daily_cost", "monthly_cost"));
          caps.put(
              name,
              new BudgetSettings.Caps(
                  tokens(node, "daily_tokens"),
                  tokens(node, "monthly_tokens"),
                  node.amount("daily_cost"),
                  node.amount("monthly_cost")));
        });
    return caps;
  }

  private static @Nullable Long tokens(ConfigNode node, String field) {
    BigDecimal value = node.amount(field);
    if (value == null) {
      return null;
    }
    try {
      return value.longValueExact();
    } catch (ArithmeticException e) {
      node.child(field).problem("must be a whole number of tokens");
      return null;
    }
  }

  private static BudgetSettings.@Nullable Alerts alerts(ConfigNode node) {
    node.allowOnly(Set.of("webhook", "thresholds"));
    URI webhook = node.uri("webhook", Set.of("http", "https"));
    if (webhook == null) {
      node.child("webhook").problem("is required (the URL alerts are POSTed to)");
      return null;
    }
    List<BigDecimal> thresholds = new ArrayList<>();
    List<ConfigNode> listed = node.list("thresholds");
    for (ConfigNode item : listed) {
      try {
        BigDecimal percent = new BigDecimal(item.raw().asText().strip());
        if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(1000)) > 0) {
          item.problem("must be a percentage above 0 (100 is the whole budget)");
        } else {
          thresholds.add(percent.divide(HUNDRED));
        }
      } catch (NumberFormatException e) {
        item.problem("must be a percentage like 80");
      }
    }
    return new BudgetSettings.Alerts(webhook, listed.isEmpty() ? DEFAULT_THRESHOLDS : thresholds);
  }
}

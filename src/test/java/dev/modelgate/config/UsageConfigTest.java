package dev.modelgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.auth.KeyLimits;
import dev.modelgate.auth.Principal;
import dev.modelgate.usage.BudgetLimit;
import dev.modelgate.usage.BudgetPeriod;
import dev.modelgate.usage.ModelPrice;
import dev.modelgate.usage.PriceTable;
import dev.modelgate.usage.UsageSettings;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code usage:} and {@code budgets:} sections, and how prices and limits come out of them. */
class UsageConfigTest {
  private static final Path DATA = Path.of("some-data");

  private static UsageSettings parse(String yaml) {
    return ConfigLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), name -> null, DATA).usage();
  }

  @Test
  void defaultsAreNoPricesNoBudgetsAndASpoolInTheDataDirectory() {
    UsageSettings usage = parse("{}");
    assertThat(usage.prices().currency()).isEqualTo("USD");
    assertThat(usage.prices().prices()).isEmpty();
    assertThat(usage.spool().dir()).isEqualTo(DATA.resolve("usage-spool"));
    assertThat(usage.spool().flushInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(usage.spool().syncInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(usage.budgets().alerts()).isNull();
  }

  @Test
  void theSpoolIsConfigurable() {
    UsageSettings.Spool spool =
        parse(
                """
                usage:
                  spool: {dir: /var/spool/mg, flush_interval: 5s, batch_size: 50, sync_interval: 0s}
                """)
            .spool();
    assertThat(spool.dir()).isEqualTo(Path.of("/var/spool/mg"));
    assertThat(spool.flushInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(spool.batchSize()).isEqualTo(50);
    assertThat(spool.syncInterval()).isZero();
  }

  @Test
  void pricesAreExactAndMatchedExactNameFirstThenLongestPrefix() {
    UsageSettings usage =
        parse(
            """
            usage:
              currency: eur
              prices:
                gpt-4o: {input: 2.50, output: 10.00, cached_input: 1.25}
                "gpt-*": {input: 1, output: 2}
                "gpt-4o-*": {input: 0.15, output: 0.6}
            """);
    PriceTable table = usage.prices();
    assertThat(table.currency()).isEqualTo("EUR");
    assertThat(table.find("gpt-4o").input()).isEqualByComparingTo("2.50");
    assertThat(table.find("gpt-4o-mini").model()).isEqualTo("gpt-4o-*");
    assertThat(table.find("gpt-3.5").model()).isEqualTo("gpt-*");
    assertThat(table.find("claude", "gpt-4o").model()).isEqualTo("gpt-4o");
    assertThat(table.find("claude")).isNull();
    ModelPrice mini = table.find("gpt-4o-mini");
    // 1,000,000 prompt tokens (none cached) and 1 completion token at 0.15 / 0.6 per 1M
    assertThat(PriceTable.cost(mini, 1_000_000, 0, 1)).isEqualByComparingTo("0.1500006");
    assertThat(PriceTable.cost(table.find("gpt-4o"), 1200, 200, 300))
        .isEqualByComparingTo("0.00575");
  }

  @Test
  void budgetsBecomeLimitsForTheCallersKeyTeamAndUser() {
    UsageSettings usage =
        parse(
            """
            budgets:
              teams:
                search: {daily_tokens: 1000, monthly_cost: 50}
              users:
                alice: {daily_cost: 2.5}
              alerts:
                webhook: http://127.0.0.1:9/hook
                thresholds: [80, 100]
            """);
    Principal principal =
        new Principal(
            "k1",
            "app",
            List.of("*"),
            "alice",
            "search",
            new KeyLimits(null, null, new BigDecimal("10"), "weekly"));
    List<BudgetLimit> limits = usage.budgets().limitsFor(principal);
    assertThat(limits)
        .extracting(
            l -> l.subject() + " " + l.period().lowerName() + " " + l.metric() + " " + l.limit())
        .containsExactly(
            "key 'k1' weekly COST 10",
            "team 'search' daily TOKENS 1000",
            "team 'search' monthly COST 50",
            "user 'alice' daily COST 2.5");
    assertThat(usage.budgets().alerts().thresholds())
        .extracting(BigDecimal::toPlainString)
        .containsExactly("0.8", "1");
    assertThat(BudgetPeriod.named("weekly")).isEqualTo(BudgetPeriod.WEEKLY);
  }

  @Test
  void badValuesAreReportedWithTheirPaths() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                parse(
                    """
                    usage:
                      currency: dollars
                      prices:
                        gpt-4o: {input: -1, output: 2}
                        other: {input: 1}
                    budgets:
                      teams:
                        search: {daily_tokens: 1.5, hourly_cost: 3}
                      alerts:
                        thresholds: [80]
                    """));
    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).startsWith("usage.currency:"))
        .anySatisfy(
            p -> assertThat(p).startsWith("usage.prices.gpt-4o.input: must not be negative"))
        .anySatisfy(p -> assertThat(p).startsWith("usage.prices.other: needs input and output"))
        .anySatisfy(p -> assertThat(p).startsWith("budgets.teams.search.daily_tokens:"))
        .anySatisfy(p -> assertThat(p).contains("hourly_cost"))
        .anySatisfy(p -> assertThat(p).startsWith("budgets.alerts.webhook: is required"));
  }
}

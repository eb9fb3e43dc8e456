package dev.modelgate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.TestDatabases;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The usage table's behaviour, the same on every database: idempotent batches, exact cost sums,
 * totals grouped by dimensions, records read back whole, spend per subject.
 */
abstract class UsageStoreContract {
  private static final Instant DAY_ONE = Instant.parse("2030-01-30T23:59:59.500Z");
  private static final Instant DAY_TWO = Instant.parse("2030-01-31T08:00:00Z");

  private TestDatabases.Provisioned provisioned;
  private Database database;
  private UsageStore store;

  abstract TestDatabases.Provisioned provision();

  @BeforeEach
  void openEmptyDatabase() {
    provisioned = provision();
    database = Database.open(provisioned.settings());
    store = new UsageStore(database);
  }

  @AfterEach
  void dropDatabase() {
    if (database != null) {
      database.close();
    }
    if (provisioned != null) {
      provisioned.close();
    }
  }

  static UsageRecord record(
      String id,
      Instant at,
      @Nullable String team,
      String model,
      long prompt,
      long completion,
      String cost,
      int status,
      boolean cacheHit) {
    return new UsageRecord(
        id,
        "req-" + id,
        at,
        "key-" + (team == null ? "none" : team),
        "name",
        team,
        "alice@example.com",
        model,
        "openai/" + model,
        "openai",
        "chat",
        false,
        prompt,
        completion,
        prompt / 4,
        new BigDecimal(cost),
        "USD",
        120,
        40,
        status,
        status >= 400 ? "UpstreamOverloaded" : null,
        null,
        cacheHit,
        false);
  }

  private List<UsageRecord> sample() {
    return List.of(
        record("r1", DAY_ONE, "search", "gpt-4o", 100, 20, "0.000450000", 200, false),
        record("r2", DAY_TWO, "search", "gpt-4o", 1000, 200, "0.004500001", 200, false),
        record("r3", DAY_TWO, "search", "gpt-4o-mini", 40, 0, "0", 502, false),
        record("r4", DAY_TWO, null, "gpt-4o", 8, 2, "0.000000075", 200, false),
        record("r5", DAY_TWO, "search", "gpt-4o", 1000, 200, "0", 200, true));
  }

  @Test
  void aBatchWrittenTwiceIsStoredOnce() {
    store.insert(sample());
    store.insert(sample());
    store.insert(List.of(sample().get(0)));
    assertThat(store.count()).isEqualTo(5);
  }

  @Test
  void recordsReadBackWholeOldestFirst() {
    store.insert(sample());
    List<UsageRecord> read = new ArrayList<>();
    store.records(DAY_ONE, DAY_TWO.plusSeconds(1), read::add);
    assertThat(read).hasSize(5);
    assertThat(read.get(0))
        .usingRecursiveComparison()
        .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
        .isEqualTo(sample().get(0));
    assertThat(read.get(0).cost()).isEqualByComparingTo("0.00045");
    assertThat(read).extracting(UsageRecord::id).startsWith("r1");
    List<UsageRecord> dayTwo = new ArrayList<>();
    store.records(DAY_TWO, DAY_TWO.plusSeconds(1), dayTwo::add);
    assertThat(dayTwo).extracting(UsageRecord::id).containsExactly("r2", "r3", "r4", "r5");
  }

  @Test
  void totalsGroupByTeamAndDayWithExactCost() {
    store.insert(sample());
    List<UsageTotals> totals =
        store.totals(
            DAY_ONE.minusSeconds(60),
            DAY_TWO.plusSeconds(60),
            List.of(UsageDimension.TEAM, UsageDimension.DAY));
    assertThat(totals).hasSize(3);
    UsageTotals searchDayTwo =
        totals.stream()
            .filter(
                t ->
                    "search".equals(t.group().get(UsageDimension.TEAM))
                        && "2030-01-31".equals(t.group().get(UsageDimension.DAY)))
            .findFirst()
            .orElseThrow();
    assertThat(searchDayTwo.calls()).isEqualTo(3);
    assertThat(searchDayTwo.failed()).isEqualTo(1);
    assertThat(searchDayTwo.promptTokens()).isEqualTo(2040);
    assertThat(searchDayTwo.completionTokens()).isEqualTo(400);
    assertThat(searchDayTwo.cost()).isEqualByComparingTo("0.004500001");
    UsageTotals all = store.totals(DAY_ONE, DAY_TWO.plusSeconds(1), List.of()).get(0);
    assertThat(all.calls()).isEqualTo(5);
    assertThat(all.cost()).isEqualByComparingTo("0.004950076");
    assertThat(all.currency()).isEqualTo("USD");
  }

  @Test
  void totalsByModelOnlyCountTheRange() {
    store.insert(sample());
    List<UsageTotals> dayTwo =
        store.totals(DAY_TWO, DAY_TWO.plusSeconds(1), List.of(UsageDimension.MODEL));
    assertThat(dayTwo)
        .extracting(t -> t.group().get(UsageDimension.MODEL) + "=" + t.calls())
        .containsExactly("gpt-4o=3", "gpt-4o-mini=1");
  }

  @Test
  void spendPerSubjectLeavesOutCacheHits() {
    store.insert(sample());
    Map<String, UsageStore.Spent> teams = store.spentSince(UsageDimension.TEAM, day(DAY_TWO));
    assertThat(teams).containsOnlyKeys("search");
    assertThat(teams.get("search").tokens()).isEqualTo(1240);
    assertThat(teams.get("search").cost()).isEqualByComparingTo("0.004500001");
    Map<String, UsageStore.Spent> users = store.spentSince(UsageDimension.USER, day(DAY_ONE));
    assertThat(users.get("alice@example.com").tokens()).isEqualTo(1370);
    Map<String, UsageStore.Spent> keys = store.spentSince(UsageDimension.KEY, day(DAY_ONE));
    assertThat(keys).containsOnlyKeys("key-search", "key-none");
    assertThat(keys.get("key-search").tokens()).isEqualTo(1360);
    assertThat(keys.get("key-none").cost()).isEqualByComparingTo("0.000000075");
  }

  /** The daily sums count a record once however often its batch is written, as the records do. */
  @Test
  void aBatchWrittenAgainAddsNothingToTheSpend() {
    store.insert(sample().subList(0, 2));
    store.insert(sample()); // r1 and r2 again, with three new ones
    store.insert(sample());
    Map<String, UsageStore.Spent> users = store.spentSince(UsageDimension.USER, day(DAY_ONE));
    assertThat(users.get("alice@example.com").tokens()).isEqualTo(1370);
    assertThat(users.get("alice@example.com").cost()).isEqualByComparingTo("0.004950076");
    assertThat(store.count()).isEqualTo(5);
  }

  private static LocalDate day(Instant at) {
    return at.atOffset(ZoneOffset.UTC).toLocalDate();
  }
}

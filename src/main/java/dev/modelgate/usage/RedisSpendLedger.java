package dev.modelgate.usage;

import dev.modelgate.shared.RedisLink;
import dev.modelgate.shared.RedisScript;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Spend counters in Redis, shared by every instance: one hash per subject and period bucket ({@code
 * mg:spend:team:daily:2030-01-31:search} holding {@code tokens} and {@code cost_nanos}), added to
 * by one script that returns the values after the addition, so exactly one instance of the fleet
 * sees a threshold crossed. A bucket expires a day after its period ends.
 *
 * <p>The local ledger is kept in step (it never falls behind what Redis returned), so while Redis
 * is down the budgets go on from the fleet's last known spend plus this instance's own. What is
 * spent meanwhile is kept apart and added to Redis when it answers again. A bucket Redis lost (a
 * restart) starts again from the highest count any instance had seen, plus what each spent
 * meanwhile ({@code spend-resync.lua}); spend of the outage's instances that none of them saw is
 * the only loss. A bucket new to Redis on a normal add starts from the local count (seeded from the
 * usage table at start).
 */
public final class RedisSpendLedger implements SpendLedger {
  static final String USE = "spend";
  private static final RedisScript ADD =
      RedisScript.resource(RedisSpendLedger.class, "spend-add.lua");
  private static final RedisScript RESYNC =
      RedisScript.resource(RedisSpendLedger.class, "spend-resync.lua");
  private static final Duration KEPT_PAST_END = Duration.ofDays(1);
  private static final Duration FLOOR_KEPT = Duration.ofMinutes(1);
  private static final int NANOS = 9;

  /** One subject's counter in one period. */
  private record Bucket(SpendSubject subject, BudgetPeriod period, Instant start) {}

  private final RedisLink link;
  private final LocalSpendLedger local;
  private final Map<Bucket, Spend> unsynced = new ConcurrentHashMap<>();

  public RedisSpendLedger(RedisLink link, LocalSpendLedger local) {
    this.link = link;
    this.local = local;
    link.whenBack(this::resync);
  }

  @Override
  public Spend spent(SpendSubject subject, BudgetPeriod period, Instant at) {
    return link.orLocal(
        USE, shared -> read(subject, period, at), () -> local.spent(subject, period, at));
  }

  @Override
  public Map<BudgetPeriod, Spend> add(
      SpendSubject subject, Instant at, long tokens, BigDecimal cost) {
    return link.orLocal(
        USE,
        shared -> addShared(subject, at, tokens, cost),
        () -> addLocal(subject, at, tokens, cost));
  }

  private Spend read(SpendSubject subject, BudgetPeriod period, Instant at) {
    resync();
    String key = key(new Bucket(subject, period, period.start(at)));
    // HMGET answers null for a field the hash lacks (Jedis is not null-annotated).
    List<String> values = link.call("spend read", j -> j.hmget(key, "tokens", "cost_nanos"));
    @Nullable String tokens = values.get(0);
    @Nullable String nanos = values.get(1);
    if (tokens == null || nanos == null) {
      return local.spent(subject, period, at); // Redis has nothing yet: the next add seeds it
    }
    Spend spend = new Spend(Long.parseLong(tokens), cost(Long.parseLong(nanos)));
    local.raise(subject, period, at, spend);
    return spend;
  }

  private Map<BudgetPeriod, Spend> addShared(
      SpendSubject subject, Instant at, long tokens, BigDecimal cost) {
    resync();
    List<Bucket> buckets = new ArrayList<>();
    List<Spend> seeds = new ArrayList<>();
    for (BudgetPeriod period : BudgetPeriod.values()) {
      buckets.add(new Bucket(subject, period, period.start(at)));
      seeds.add(local.spent(subject, period, at).plus(tokens, cost));
    }
    List<Spend> after = push(buckets, seeds, tokens, cost);
    Map<BudgetPeriod, Spend> byPeriod = new EnumMap<>(BudgetPeriod.class);
    for (int i = 0; i < buckets.size(); i++) {
      BudgetPeriod period = buckets.get(i).period();
      local.raise(subject, period, at, after.get(i));
      byPeriod.put(period, after.get(i));
    }
    return byPeriod;
  }

  private Map<BudgetPeriod, Spend> addLocal(
      SpendSubject subject, Instant at, long tokens, BigDecimal cost) {
    for (BudgetPeriod period : BudgetPeriod.values()) {
      unsynced.merge(
          new Bucket(subject, period, period.start(at)),
          Spend.ZERO.plus(tokens, cost),
          (was, more) -> was.plus(more.tokens(), more.cost()));
    }
    return local.add(subject, at, tokens, cost);
  }

  /** Adds what was spent while Redis was down; what cannot be added now waits for the next try. */
  private void resync() {
    if (unsynced.isEmpty()) {
      return;
    }
    for (Bucket bucket : List.copyOf(unsynced.keySet())) {
      Spend pending = unsynced.remove(bucket);
      if (pending == null) {
        continue;
      }
      try {
        Spend counted = local.spent(bucket.subject(), bucket.period(), bucket.start());
        Spend seen =
            new Spend(counted.tokens() - pending.tokens(), counted.cost().subtract(pending.cost()));
        List<String> args =
            List.of(
                Long.toString(pending.tokens()),
                Long.toString(nanos(pending.cost())),
                Long.toString(Math.max(0, seen.tokens())),
                Long.toString(Math.max(0, nanos(seen.cost()))),
                expiry(bucket),
                Long.toString(FLOOR_KEPT.toMillis()));
        Object reply = link.eval(RESYNC, List.of(key(bucket), key("spend-floor", bucket)), args);
        local.raise(bucket.subject(), bucket.period(), bucket.start(), spends(reply, 1).getFirst());
      } catch (RuntimeException e) {
        unsynced.merge(bucket, pending, (was, more) -> was.plus(more.tokens(), more.cost()));
        throw e;
      }
    }
  }

  /** Adds to each bucket in one script run (or seeds it); returns each bucket's spend after. */
  private List<Spend> push(List<Bucket> buckets, List<Spend> seeds, long tokens, BigDecimal cost) {
    List<String> keys = new ArrayList<>();
    List<String> args = new ArrayList<>(List.of(Long.toString(tokens), Long.toString(nanos(cost))));
    for (int i = 0; i < buckets.size(); i++) {
      Bucket bucket = buckets.get(i);
      keys.add(key(bucket));
      args.add(expiry(bucket));
      args.add(Long.toString(seeds.get(i).tokens()));
      args.add(Long.toString(nanos(seeds.get(i).cost())));
    }
    return spends(link.eval(ADD, keys, args), buckets.size());
  }

  /** Pairs of tokens and cost (billionths) as a script answers them. */
  private static List<Spend> spends(@Nullable Object reply, int count) {
    if (!(reply instanceof List<?> values) || values.size() != 2 * count) {
      throw new IllegalStateException("the spend script answered " + reply);
    }
    List<Spend> after = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      after.add(
          new Spend(
              ((Number) values.get(2 * i)).longValue(),
              cost(((Number) values.get(2 * i + 1)).longValue())));
    }
    return after;
  }

  /** When a bucket's key expires: a day after its period ends ({@code 0}: never). */
  private static String expiry(Bucket bucket) {
    Instant end = bucket.period().end(bucket.start());
    return end == null ? "0" : Long.toString(end.plus(KEPT_PAST_END).toEpochMilli());
  }

  private String key(Bucket bucket) {
    return key("spend", bucket);
  }

  private String key(String what, Bucket bucket) {
    return link.key(
        what,
        bucket.subject().kind().lowerName(),
        bucket.period().lowerName(),
        bucket.start().atOffset(ZoneOffset.UTC).toLocalDate().toString(),
        bucket.subject().id());
  }

  private static long nanos(BigDecimal cost) {
    return cost.movePointRight(NANOS).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  private static BigDecimal cost(long nanos) {
    BigDecimal cost = BigDecimal.valueOf(nanos, NANOS).stripTrailingZeros();
    return cost.scale() < 0 ? cost.setScale(0) : cost;
  }
}

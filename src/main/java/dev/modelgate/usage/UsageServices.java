package dev.modelgate.usage;

import dev.modelgate.shared.RedisLink;
import dev.modelgate.store.UsageDimension;
import dev.modelgate.store.UsageStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * A running gateway's usage side: the spool, its drainer, and the spend ledger. At start, what an
 * earlier run left in the spool is written first (when the database answers), then the ledger is
 * seeded from the usage table, so budgets count everything recorded before. With Redis the ledger
 * is shared by the fleet ({@link RedisSpendLedger}) and the local one, seeded the same way, is its
 * fallback.
 */
public final class UsageServices implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(UsageServices.class.getName());

  private final UsageSpool spool;
  private final SpoolDrainer drainer;
  private final SpendLedger ledger;
  private final UsageStore store;
  private final Clock clock;
  private final java.util.concurrent.atomic.AtomicLong unspooled =
      new java.util.concurrent.atomic.AtomicLong();

  private UsageServices(
      UsageSpool spool, SpoolDrainer drainer, SpendLedger ledger, UsageStore store, Clock clock) {
    this.spool = spool;
    this.drainer = drainer;
    this.ledger = ledger;
    this.store = store;
    this.clock = clock;
  }

  /** Spend counted in this process only. */
  public static UsageServices start(UsageSettings.Spool settings, UsageStore store, Clock clock) {
    return start(settings, store, clock, null);
  }

  /**
   * Spend counted in Redis through {@code shared} (null: in this process only), with the local
   * ledger kept in step for when Redis is down.
   */
  public static UsageServices start(
      UsageSettings.Spool settings, UsageStore store, Clock clock, @Nullable RedisLink shared) {
    UsageSpool spool = UsageSpool.open(settings.dir(), settings.syncInterval());
    SpoolDrainer drainer =
        new SpoolDrainer(spool, store::insert, settings.flushInterval(), settings.batchSize());
    try {
      drainer.drainOnce();
    } catch (RuntimeException e) {
      LOG.warning("usage records of an earlier run stay in the spool for now: " + e.getMessage());
    }
    LocalSpendLedger ledger = new LocalSpendLedger();
    seed(ledger, store, clock.instant());
    SpendLedger counted = shared == null ? ledger : new RedisSpendLedger(shared, ledger);
    return new UsageServices(spool, drainer.start(), counted, store, clock);
  }

  private static void seed(LocalSpendLedger ledger, UsageStore store, Instant now) {
    Map<SpendSubject.Kind, UsageDimension> columns =
        Map.of(
            SpendSubject.Kind.KEY, UsageDimension.KEY,
            SpendSubject.Kind.TEAM, UsageDimension.TEAM,
            SpendSubject.Kind.USER, UsageDimension.USER);
    columns.forEach(
        (kind, column) -> {
          for (BudgetPeriod period : BudgetPeriod.values()) {
            store
                .spentSince(column, period.start(now).atOffset(ZoneOffset.UTC).toLocalDate())
                .forEach(
                    (id, spent) ->
                        ledger.seed(
                            new SpendSubject(kind, id),
                            period,
                            now,
                            new Spend(spent.tokens(), spent.cost())));
          }
        });
  }

  /** The spool's and the drainer's meters, for the gateway's registry. */
  public io.micrometer.core.instrument.binder.MeterBinder meters() {
    return new UsageMeters(spool, drainer, unspooled);
  }

  public SpendLedger ledger() {
    return ledger;
  }

  public UsageStore store() {
    return store;
  }

  public SpoolDrainer drainer() {
    return drainer;
  }

  /**
   * The listener that records each call, with prices and budgets from {@code settings}, counting
   * each priced call's cost in {@code costs} too.
   */
  public UsageRecorder recorder(
      Supplier<UsageSettings> settings,
      Function<String, @Nullable String> providerOf,
      UsageRecorder.CostSink costs) {
    return new UsageRecorder(
        spool,
        new SpendTracker(ledger, new BudgetAlerts(clock)),
        settings,
        providerOf,
        clock,
        costs,
        unspooled);
  }

  /** Writes what is spooled (or leaves it for the next start when the database is away). */
  @Override
  public void close() {
    spool.close();
    drainer.close();
  }
}

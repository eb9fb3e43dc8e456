package dev.modelgate.usage;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.modelgate.auth.Principal;
import dev.modelgate.chain.AnswerHeaders;
import dev.modelgate.chain.Call;
import dev.modelgate.chain.CallListener;
import dev.modelgate.error.GatewayException;
import dev.modelgate.model.Usage;
import dev.modelgate.route.Target;
import dev.modelgate.store.UsageRecord;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Makes the usage record of every call at its end, prices it, hands it to the spool's writer (which
 * writes it with the others of its group) and adds its spend to the ledger. Runs on the request's
 * thread after the answer was written, so the client never waits for it.
 */
public final class UsageRecorder implements CallListener {
  private static final Logger LOG = Logger.getLogger(UsageRecorder.class.getName());
  // Version 7 ids rise with time, so the databases append each batch to the end of the primary key
  // index instead of touching a page at random per record.
  private static final TimeBasedEpochGenerator IDS = Generators.timeBasedEpochGenerator();

  private final UsageSpool spool;
  private final SpendTracker spend;
  private final Supplier<UsageSettings> settings;
  private final Function<String, @Nullable String> providerOf;
  private final Clock clock;
  private final CostSink costs;
  private final AtomicLong unspooled;

  /** Where the cost of each priced call is also counted (the gateway's metrics). */
  @FunctionalInterface
  public interface CostSink {
    CostSink NONE = (call, currency, cost) -> {};

    void add(Call call, String currency, BigDecimal cost);
  }

  /**
   * {@code settings} gives the current prices and budgets; {@code providerOf} an upstream's
   * provider type by its name; {@code unspooled} counts records the spool could not take.
   */
  public UsageRecorder(
      UsageSpool spool,
      SpendTracker spend,
      Supplier<UsageSettings> settings,
      Function<String, @Nullable String> providerOf,
      Clock clock,
      CostSink costs,
      AtomicLong unspooled) {
    this.spool = spool;
    this.spend = spend;
    this.settings = settings;
    this.providerOf = providerOf;
    this.clock = clock;
    this.costs = costs;
    this.unspooled = unspooled;
  }

  @Override
  public void callEnd(
      Call call, int status, @Nullable Usage usage, @Nullable GatewayException failure) {
    UsageSettings current = settings.get();
    UsageRecord record = record(call, status, usage, failure, current.prices());
    // Handed to the spool's writer without waiting for its write: the answer is sent already, and
    // waiting would only hold the connection's next request back (a crash loses a record not yet
    // written either way). A full queue still makes this wait.
    try {
      spool
          .submit(record)
          .whenComplete(
              (done, e) -> {
                if (e != null) {
                  unspooled(call, e);
                }
              });
    } catch (RuntimeException e) {
      unspooled(call, e);
    }
    spend.record(call.principal(), record, current.budgets(), current.prices().currency());
    if (record.currency() != null && record.cost().signum() > 0) {
      costs.add(call, record.currency(), record.cost());
    }
  }

  private void unspooled(Call call, Throwable e) {
    unspooled.incrementAndGet();
    LOG.log(Level.SEVERE, "usage record of " + call.requestId() + " could not be spooled", e);
  }

  /** Records that could not be written to the spool (a full or failing disk). */
  public long unspooled() {
    return unspooled.get();
  }

  UsageRecord record(
      Call call,
      int status,
      @Nullable Usage usage,
      @Nullable GatewayException failure,
      PriceTable prices) {
    long elapsed = System.nanoTime() - call.startNanos();
    Instant at = clock.instant().minus(Duration.ofNanos(elapsed));
    Principal principal = call.principal();
    Target target = call.target();
    boolean cacheHit = "hit".equals(call.responseHeader(AnswerHeaders.CACHE));
    long prompt = usage == null ? 0 : usage.promptTokens();
    long completion = usage == null ? 0 : usage.completionTokens();
    long cached = usage == null || usage.cachedTokens() == null ? 0 : usage.cachedTokens();
    ModelPrice price =
        prices.find(
            target == null ? null : call.route().upstreamModel(target), call.route().publicModel());
    BigDecimal cost =
        price == null || cacheHit
            ? BigDecimal.ZERO
            : PriceTable.cost(price, prompt, cached, completion);
    return new UsageRecord(
        IDS.generate().toString(),
        call.requestId(),
        at,
        principal.keyId(),
        principal.name(),
        principal.team(),
        principal.owner(),
        call.route().publicModel(),
        target == null ? null : target.toString(),
        target == null ? null : providerOf.apply(target.endpoint()),
        call.request().operation().label(),
        call.request().stream(),
        prompt,
        completion,
        cached,
        cost,
        price == null ? null : prices.currency(),
        elapsed / 1_000_000,
        call.timeToFirstTokenNanos() / 1_000_000,
        status,
        failure == null ? null : failure.getClass().getSimpleName(),
        fallbackLevel(call.responseHeader(AnswerHeaders.FALLBACK)),
        cacheHit,
        usage != null && usage.estimated());
  }

  /** The level of an {@code x-modelgate-fallback} value: {@code models; target=...} to models. */
  private static @Nullable String fallbackLevel(@Nullable String header) {
    if (header == null) {
      return null;
    }
    int end = header.indexOf(';');
    return (end < 0 ? header : header.substring(0, end)).strip();
  }
}

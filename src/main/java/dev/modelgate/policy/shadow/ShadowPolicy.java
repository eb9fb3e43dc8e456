package dev.modelgate.policy.shadow;

import dev.modelgate.chain.Call;
import dev.modelgate.chain.CallListener;
import dev.modelgate.chain.Policy;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.Reply;
import dev.modelgate.model.StreamItem;
import dev.modelgate.route.Target;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.DoubleSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Mirrors a sampled share of calls to the shadow target. The mirrored call starts on a virtual
 * thread of its own before the primary proceeds, with its own {@link Call} (no listener: it is no
 * client call, and not logged as one); the primary's reply goes back to the client untouched but
 * for keeping its items for the comparison. Nothing of the shadow can fail or delay the primary:
 * its errors are counted, and its answer is drained and dropped. Only a call's first pass is
 * mirrored, not a canary's second try on the stable side.
 */
public final class ShadowPolicy implements Policy {
  private static final Logger LOG = Logger.getLogger(ShadowPolicy.class.getName());

  private final Target target;
  private final ShadowSettings settings;
  private final Clock clock;
  private final DoubleSupplier random;
  private final Semaphore inFlight;
  private final ShadowMetrics metrics;

  public ShadowPolicy(
      String route,
      Target target,
      ShadowSettings settings,
      Clock clock,
      DoubleSupplier random,
      MeterRegistry registry) {
    this.target = target;
    this.settings = settings;
    this.clock = clock;
    this.random = random;
    this.inFlight = new Semaphore(settings.maxConcurrent());
    this.metrics = new ShadowMetrics(registry, route);
  }

  @Override
  public Reply apply(Call call, Next next) {
    if (call.attempts() > 0 || random.getAsDouble() >= settings.sampleRate()) {
      return next.proceed(call);
    }
    if (!inFlight.tryAcquire()) {
      metrics.skipped();
      return next.proceed(call);
    }
    PrimaryCapture primary = new PrimaryCapture();
    Call mirrored =
        new Call(
            call.requestId() + "-shadow",
            call.request().copy(),
            call.principal(),
            call.route(),
            CallListener.NONE);
    mirrored.narrowTargets(List.of(target));
    Thread.ofVirtual()
        .name("shadow-" + call.requestId())
        .start(() -> mirror(mirrored, next, primary.answer()));
    Reply reply;
    try {
      reply = next.proceed(call);
    } catch (RuntimeException e) {
      primary.failed(e);
      throw e;
    }
    return primary.capture(reply);
  }

  private void mirror(Call mirrored, Next next, CompletableFuture<@Nullable Answer> primaryAnswer) {
    Answer answer = null;
    try {
      Instant start = clock.instant();
      Reply reply = next.proceed(mirrored);
      Duration firstToken = Duration.between(start, clock.instant());
      answer =
          switch (reply) {
            case Reply.Complete complete -> Answer.of(complete.body());
            case Reply.Streaming streaming -> Answer.of(drain(streaming.stream()));
          };
      metrics.answered(Duration.between(start, clock.instant()), firstToken, answer.usage());
    } catch (RuntimeException e) {
      metrics.failed();
      LOG.log(Level.FINE, "shadow call " + mirrored.requestId() + " failed", e);
    } finally {
      inFlight.release();
    }
    if (answer != null && answer.comparable()) {
      Answer shadow = answer;
      // Compared once the primary ended too, on a thread of its own: neither this one waits for
      // the primary, nor does the client's thread, which may be the one that completes it.
      primaryAnswer.thenAcceptAsync(
          original ->
              metrics.compared(
                  original == null ? null : Similarity.jaccard(original.text(), shadow.text())),
          task -> Thread.ofVirtual().name("shadow-compare").start(task));
    }
  }

  private static List<StreamItem> drain(ChunkStream stream) {
    List<StreamItem> items = new ArrayList<>();
    try (stream) {
      for (StreamItem item = stream.next(); item != null; item = stream.next()) {
        items.add(item);
      }
    }
    return items;
  }
}

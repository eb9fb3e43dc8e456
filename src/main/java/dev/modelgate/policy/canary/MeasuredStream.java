package dev.modelgate.policy.canary;

import dev.modelgate.error.GatewayException;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.StreamItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A side's stream, reporting its outcome once: a success with its whole latency at the normal end,
 * a failure when the target broke it. A stream the client closed early reports nothing: it says
 * nothing about the target.
 */
final class MeasuredStream implements ChunkStream {
  private final ChunkStream inner;
  private final Clock clock;
  private final Instant start;
  private final Duration firstToken;
  private final Consumer<Outcome> report;
  private final AtomicBoolean reported = new AtomicBoolean();

  MeasuredStream(
      ChunkStream inner,
      Clock clock,
      Instant start,
      Duration firstToken,
      Consumer<Outcome> report) {
    this.inner = inner;
    this.clock = clock;
    this.start = start;
    this.firstToken = firstToken;
    this.report = report;
  }

  @Override
  public @Nullable StreamItem next() {
    StreamItem item;
    try {
      item = inner.next();
    } catch (GatewayException e) {
      if (e.fallbackable()) {
        once(Outcome.failure());
      }
      throw e;
    }
    if (item == null) {
      once(Outcome.success(Duration.between(start, clock.instant()), firstToken));
    }
    return item;
  }

  private void once(Outcome outcome) {
    if (reported.compareAndSet(false, true)) {
      report.accept(outcome);
    }
  }

  @Override
  public void close() {
    inner.close();
  }
}

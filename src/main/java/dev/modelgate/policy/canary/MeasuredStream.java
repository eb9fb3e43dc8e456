package dev.modelgate.policy.canary;

import dev.modelgate.chain.ObservedStream;
import dev.modelgate.error.GatewayException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Reports a side's stream outcome once: a success with its whole latency at the normal end, a
 * failure when the target broke it. A stream the client closed early reports nothing: it says
 * nothing about the target.
 */
final class MeasuredStream implements ObservedStream.Observer {
  private final Clock clock;
  private final Instant start;
  private final Duration firstToken;
  private final Consumer<Outcome> report;
  private final AtomicBoolean reported = new AtomicBoolean();

  MeasuredStream(Clock clock, Instant start, Duration firstToken, Consumer<Outcome> report) {
    this.clock = clock;
    this.start = start;
    this.firstToken = firstToken;
    this.report = report;
  }

  @Override
  public void ended() {
    once(Outcome.success(Duration.between(start, clock.instant()), firstToken));
  }

  @Override
  public void failed(RuntimeException failure) {
    if (failure instanceof GatewayException e && e.fallbackable()) {
      once(Outcome.failure());
    }
  }

  private void once(Outcome outcome) {
    if (reported.compareAndSet(false, true)) {
      report.accept(outcome);
    }
  }
}

package dev.modelgate.policy.retry;

import dev.modelgate.chain.Call;
import dev.modelgate.chain.Policy;
import dev.modelgate.error.GatewayException;
import dev.modelgate.model.Reply;
import dev.modelgate.route.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Sends the call again after a failure whose type is {@link GatewayException#retryable()}: a
 * connect failure, an upstream 429, an overload or 5xx, a timeout before the first byte; never a
 * refused request. It stops at the configured attempts, and when the wait would end past the call's
 * deadline (the failure is then left to fallback). With {@code nextTarget}, each retry prefers a
 * target not tried yet.
 */
public final class RetryPolicy implements Policy {
  private final RetrySettings settings;
  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier random;

  public RetryPolicy(RetrySettings settings, Clock clock, Sleeper sleeper, DoubleSupplier random) {
    this.settings = settings;
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
  }

  @Override
  public Reply apply(Call call, Next next) {
    Instant deadline = clock.instant().plus(settings.deadline());
    List<Target> all = call.targets();
    Set<Target> tried = new HashSet<>();
    try {
      for (int attempt = 1; ; attempt++) {
        int attemptsBefore = call.attempts();
        try {
          return next.proceed(call);
        } catch (GatewayException e) {
          if (!e.retryable() || attempt >= settings.attempts()) {
            throw e;
          }
          Duration wait = Backoff.delay(settings, attempt, random.getAsDouble(), e);
          if (clock.instant().plus(wait).isAfter(deadline)) {
            throw e;
          }
          Target failed = call.attempts() > attemptsBefore ? call.target() : null;
          if (settings.nextTarget() && failed != null) {
            tried.add(failed);
            call.narrowTargets(untried(all, tried, failed));
          }
          pause(wait, e);
        }
      }
    } finally {
      call.narrowTargets(all);
    }
  }

  /** The targets not tried yet; once all were, all but the one that just failed. */
  private static List<Target> untried(List<Target> all, Set<Target> tried, Target failed) {
    List<Target> rest = all.stream().filter(t -> !tried.contains(t)).toList();
    if (!rest.isEmpty()) {
      return rest;
    }
    tried.clear();
    tried.add(failed);
    List<Target> others = all.stream().filter(t -> !t.equals(failed)).toList();
    return others.isEmpty() ? all : others;
  }

  private void pause(Duration wait, GatewayException failure) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw failure;
    }
  }
}

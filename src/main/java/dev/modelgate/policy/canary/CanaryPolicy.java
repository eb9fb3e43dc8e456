package dev.modelgate.policy.canary;

import dev.modelgate.chain.Call;
import dev.modelgate.chain.ObservedStream;
import dev.modelgate.chain.Policy;
import dev.modelgate.error.GatewayException;
import dev.modelgate.model.Reply;
import dev.modelgate.route.Target;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Picks a call's side and narrows its targets to that side's list. A user stays on one side (see
 * {@link StickySplit}); the force header ({@code candidate} or {@code stable}) overrides that for
 * testers, and forced calls are left out of the rollout's judgement. A candidate attempt that fails
 * by the target's fault ({@link GatewayException#fallbackable()}) is counted against the candidate
 * and the call is served by the stable side, so the client does not see the candidate's failure
 * (except when forced to it: a tester wants to see it).
 */
public final class CanaryPolicy implements Policy {
  private final String route;
  private final List<Target> stable;
  private final List<Target> candidates;
  private final CanarySettings settings;
  private final Rollout rollout;
  private final Clock clock;
  private final CanaryMetrics metrics;

  public CanaryPolicy(
      String route,
      List<Target> stable,
      List<Target> candidates,
      CanarySettings settings,
      RolloutStore store,
      Clock clock,
      MeterRegistry registry) {
    this.route = route;
    this.stable = List.copyOf(stable);
    this.candidates = List.copyOf(candidates);
    this.settings = settings;
    this.rollout = store.open(route, settings, candidates.stream().map(Target::toString).toList());
    this.clock = clock;
    this.metrics = new CanaryMetrics(registry, route, () -> store.find(route));
  }

  public Rollout rollout() {
    return rollout;
  }

  @Override
  public Reply apply(Call call, Next next) {
    Side forced = forcedSide(call);
    if (forced != null) {
      return run(call, next, forced, false);
    }
    Side side = StickySplit.side(route, StickyKey.of(call, settings), rollout.percent());
    if (side == Side.CANDIDATE) {
      try {
        return run(call, next, Side.CANDIDATE, true);
      } catch (GatewayException e) {
        if (!e.fallbackable()) {
          throw e; // the request's own fault: the stable side would refuse it too
        }
      }
    }
    return run(call, next, Side.STABLE, true);
  }

  private Reply run(Call call, Next next, Side side, boolean judged) {
    call.narrowTargets(side == Side.STABLE ? stable : candidates);
    call.decision("canary", side.name().toLowerCase(Locale.ROOT));
    Instant start = clock.instant();
    Reply reply;
    try {
      reply = next.proceed(call);
    } catch (GatewayException e) {
      if (e.fallbackable()) {
        report(side, judged, Outcome.failure());
      }
      throw e;
    }
    // Dispatch returns a stream only after its first item arrived: this is the time to first token.
    Duration firstToken = Duration.between(start, clock.instant());
    if (reply instanceof Reply.Streaming streaming) {
      return new Reply.Streaming(
          new ObservedStream(
              streaming.stream(),
              new MeasuredStream(clock, start, firstToken, o -> report(side, judged, o))));
    }
    report(side, judged, Outcome.success(firstToken, firstToken));
    return reply;
  }

  private void report(Side side, boolean judged, Outcome outcome) {
    metrics.record(side, outcome);
    if (judged) {
      rollout.record(side, outcome);
    }
  }

  private @Nullable Side forcedSide(Call call) {
    String value = call.header(settings.forceHeader());
    if (value == null) {
      return null;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "candidate" -> Side.CANDIDATE;
      case "stable" -> Side.STABLE;
      default -> null;
    };
  }
}

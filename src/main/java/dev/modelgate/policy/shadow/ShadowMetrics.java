package dev.modelgate.policy.shadow;

import dev.modelgate.model.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** A route's shadow calls in metrics, beside the primary's figures for comparison. */
final class ShadowMetrics {
  private final Counter successes;
  private final Counter failures;
  private final Counter skipped;
  private final Timer latency;
  private final Timer ttft;
  private final Counter promptTokens;
  private final Counter completionTokens;
  private final DistributionSummary similarity;
  private final Counter incomparable;

  ShadowMetrics(MeterRegistry registry, String route) {
    successes = requests(registry, route, "success");
    failures = requests(registry, route, "error");
    skipped = requests(registry, route, "skipped");
    latency = Timer.builder("modelgate.shadow.latency").tag("route", route).register(registry);
    ttft =
        Timer.builder("modelgate.shadow.ttft")
            .description("time to first token")
            .tag("route", route)
            .register(registry);
    promptTokens = tokens(registry, route, "prompt");
    completionTokens = tokens(registry, route, "completion");
    similarity =
        DistributionSummary.builder("modelgate.shadow.similarity")
            .description("token-set Jaccard similarity of the shadow's answer to the primary's")
            .tag("route", route)
            .register(registry);
    incomparable =
        Counter.builder("modelgate.shadow.incomparable")
            .description("shadow answers with no complete primary answer to compare with")
            .tag("route", route)
            .register(registry);
  }

  private static Counter requests(MeterRegistry registry, String route, String outcome) {
    return Counter.builder("modelgate.shadow.requests")
        .tags("route", route, "outcome", outcome)
        .register(registry);
  }

  private static Counter tokens(MeterRegistry registry, String route, String kind) {
    return Counter.builder("modelgate.shadow.tokens")
        .tags("route", route, "kind", kind)
        .register(registry);
  }

  void skipped() {
    skipped.increment();
  }

  void failed() {
    failures.increment();
  }

  void answered(Duration elapsed, Duration firstToken, @Nullable Usage usage) {
    successes.increment();
    latency.record(elapsed);
    ttft.record(firstToken);
    if (usage != null) {
      promptTokens.increment(usage.promptTokens());
      completionTokens.increment(usage.completionTokens());
    }
  }

  void compared(@Nullable Double score) {
    if (score == null) {
      incomparable.increment();
    } else {
      similarity.record(score);
    }
  }
}

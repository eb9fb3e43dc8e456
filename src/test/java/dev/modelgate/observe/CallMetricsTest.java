package dev.modelgate.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.model.Operation;
import dev.modelgate.model.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CallMetrics metrics = new CallMetrics(registry);

  @Test
  void requestsAreCountedByOperationAndStatusOnTheirRoute() {
    metrics.requestEnd(null, Operation.CHAT, 200, Usage.of(12, 14), null, 1_000_000);
    metrics.requestEnd(null, Operation.CHAT, 200, Usage.of(3, 4), null, 3_000_000);
    metrics.requestEnd(null, Operation.CHAT, 404, null, null, 500_000);
    metrics.requestEnd(null, Operation.EMBEDDING, 200, null, null, 500_000);

    assertThat(requests("chat", "200")).isEqualTo(2);
    assertThat(requests("chat", "404")).isEqualTo(1);
    assertThat(requests("embedding", "200")).isEqualTo(1);
    assertThat(
            registry
                .find(MeterNames.REQUESTS)
                .tag("operation", "embedding")
                .tag("status", "404")
                .counter())
        .isNull();
    var latency =
        registry.get(MeterNames.REQUEST_DURATION).tag("route", CallMetrics.NO_ROUTE).timer();
    assertThat(latency.count()).isEqualTo(4);
    assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5.0);
    assertThat(tokens("input")).isEqualTo(15);
    assertThat(tokens("output")).isEqualTo(18);
  }

  @Test
  void aStatusOutsideTheUsualRangeIsStillCounted() {
    metrics.requestEnd(null, Operation.RERANK, 99, null, null, 1);
    metrics.requestEnd(null, Operation.RERANK, 99, null, null, 1);

    assertThat(requests("rerank", "99")).isEqualTo(2);
  }

  @Test
  void operationsAreLabelledInLowerCase() {
    assertThat(Operation.COUNT_TOKENS.label()).isEqualTo("count_tokens");
  }

  private double requests(String operation, String status) {
    return registry
        .get(MeterNames.REQUESTS)
        .tag("route", CallMetrics.NO_ROUTE)
        .tag("operation", operation)
        .tag("status", status)
        .counter()
        .count();
  }

  private double tokens(String direction) {
    return registry.get(MeterNames.TOKENS).tag("direction", direction).counter().count();
  }
}

package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Health checks of triton and tgi upstreams ask the servers' own readiness endpoints (the {@code
 * HealthProbe} SPI), with the endpoint's bearer credential, and spend no generation on a check.
 */
class ReadinessProbeTest {
  @Test
  void tritonIsReadyWhenTheServerAndTheRoutedModelAre() {
    AtomicInteger modelReady = new AtomicInteger(400);
    try (FakeUpstream triton =
            FakeUpstream.start()
                .respond(
                    r ->
                        switch (r.path()) {
                          case "/v2/health/ready" -> FakeResponse.json(200, "");
                          case "/v2/models/llama/ready" -> FakeResponse.json(modelReady.get(), "");
                          default -> FakeResponse.json(500, "{\"error\":\"not a probe\"}");
                        });
        TestGateway gateway =
            TestGateway.start(
                TestGateway.authBlock()
                    + """
                    upstreams:
                      - name: triton
                        type: triton
                        base_url: http://127.0.0.1:%d
                        api_key: proxy-token
                        health_check: {interval: 50ms, unhealthy_after: 1}
                    routes:
                      - model: llama
                        targets: [{upstream: triton, model: llama}]
                    """
                        .formatted(triton.port()))) {
      Await.until(() -> status(gateway, "triton").equals("unhealthy"), "model not ready");
      modelReady.set(200);
      Await.until(() -> status(gateway, "triton").equals("healthy"), "model ready");
      assertThat(triton.requests())
          .allSatisfy(
              r -> {
                assertThat(r.path()).endsWith("/ready");
                assertThat(r.header("Authorization")).isEqualTo("Bearer proxy-token");
              });
    }
  }

  @Test
  void tgiIsReadyWhenItsHealthEndpointAnswers200() {
    AtomicInteger health = new AtomicInteger(503);
    try (FakeUpstream tgi =
            FakeUpstream.start()
                .respond(
                    r ->
                        r.path().equals("/health")
                            ? FakeResponse.json(
                                health.get(),
                                "{\"error\":\"unhealthy\",\"error_type\":\"healthcheck\"}")
                            : FakeResponse.json(500, "{\"error\":\"not a probe\"}"));
        TestGateway gateway =
            TestGateway.start(
                TestGateway.authBlock()
                    + """
                    upstreams:
                      - name: tgi
                        type: tgi
                        base_url: http://127.0.0.1:%d
                        health_check: {interval: 50ms, unhealthy_after: 1}
                    routes:
                      - model: mistral
                        targets: [{upstream: tgi, model: mistral}]
                    """
                        .formatted(tgi.port()))) {
      Await.until(() -> status(gateway, "tgi").equals("unhealthy"), "unhealthy");
      health.set(200);
      Await.until(() -> status(gateway, "tgi").equals("healthy"), "healthy");
      assertThat(tgi.requests()).allSatisfy(r -> assertThat(r.path()).isEqualTo("/health"));
    }
  }

  private static String status(TestGateway gateway, String target) {
    return HttpProbe.get(gateway.baseUrl() + "/readyz", TestGateway.KEY)
        .json()
        .path("targets")
        .path(target)
        .path("status")
        .asText();
  }
}

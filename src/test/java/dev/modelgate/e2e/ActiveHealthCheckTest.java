package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An upstream whose readiness endpoint fails is taken out of rotation (calls go to the next
 * target), reported per target on {@code /readyz}, and put back when it recovers; an upstream
 * without a readiness endpoint is probed with a one-token request.
 */
class ActiveHealthCheckTest {
  private static final String CHAT =
      "{\"model\":\"qwen\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private static FakeResponse server(
      FakeUpstream.RecordedRequest request, AtomicInteger readiness, String name) {
    if (request.path().equals("/health")) {
      return FakeResponse.json(readiness.get(), "{}");
    }
    return FakeResponse.json(
        200,
        "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\""
            + name
            + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}");
  }

  private static String answer(TestGateway gateway) {
    HttpProbe.Result result =
        HttpProbe.post(gateway.baseUrl() + "/v1/chat/completions", TestGateway.KEY, CHAT);
    return result.json().path("choices").get(0).path("message").path("content").asText();
  }

  private static JsonNode target(TestGateway gateway, String name) {
    return HttpProbe.get(gateway.baseUrl() + "/readyz", TestGateway.KEY)
        .json()
        .path("targets")
        .path(name);
  }

  @Test
  void aFailingReadinessEndpointTakesTheTargetOutAndRecoveryPutsItBack() {
    AtomicInteger readiness = new AtomicInteger(200);
    try (FakeUpstream primary = FakeUpstream.start().respond(r -> server(r, readiness, "primary"));
        FakeUpstream backup =
            FakeUpstream.start().respond(r -> server(r, new AtomicInteger(200), "backup"));
        TestGateway gateway =
            TestGateway.start(
                TestGateway.authBlock()
                    + """
                    upstreams:
                      - name: primary
                        type: openai
                        dialect: vllm
                        base_url: http://127.0.0.1:%d/v1
                        health_check: {path: /health, interval: 50ms, unhealthy_after: 2}
                      - name: backup
                        type: openai
                        dialect: vllm
                        base_url: http://127.0.0.1:%d/v1
                    routes:
                      - model: qwen
                        targets:
                          - {upstream: primary, model: qwen}
                          - {upstream: backup, model: qwen}
                    """
                        .formatted(primary.port(), backup.port()))) {
      Await.until(
          () -> target(gateway, "primary").path("status").asText().equals("healthy"), "healthy");
      assertThat(answer(gateway)).isEqualTo("primary");
      assertThat(target(gateway, "backup").path("status").asText()).isEqualTo("unchecked");

      readiness.set(503);
      Await.until(
          () -> target(gateway, "primary").path("status").asText().equals("unhealthy"), "out");
      assertThat(answer(gateway)).isEqualTo("backup");
      JsonNode readyz = HttpProbe.get(gateway.baseUrl() + "/readyz", TestGateway.KEY).json();
      assertThat(readyz.path("status").asText()).isEqualTo("degraded");
      assertThat(readyz.path("targets").path("primary").path("last_error").asText())
          .contains("HTTP 503");

      readiness.set(200);
      Await.until(
          () -> target(gateway, "primary").path("status").asText().equals("healthy"), "back");
      assertThat(answer(gateway)).isEqualTo("primary");
    }
  }

  @Test
  void withoutAReadinessPathAOneTokenRequestProbesTheModel() {
    AtomicInteger status = new AtomicInteger(500);
    try (FakeUpstream upstream =
            FakeUpstream.start()
                .respond(
                    r ->
                        status.get() == 200
                            ? server(r, status, "ok")
                            : FakeResponse.json(
                                status.get(), "{\"error\":{\"message\":\"down\"}}"));
        TestGateway gateway =
            TestGateway.start(
                TestGateway.authBlock()
                    + """
                    upstreams:
                      - name: only
                        type: openai
                        dialect: vllm
                        base_url: http://127.0.0.1:%d/v1
                        health_check: {interval: 50ms, unhealthy_after: 1}
                    routes:
                      - model: qwen
                        targets: [{upstream: only, model: Qwen/Qwen3-8B}]
                    """
                        .formatted(upstream.port()))) {
      Await.until(() -> target(gateway, "only").path("status").asText().equals("unhealthy"), "out");
      assertThat(target(gateway, "only").path("last_error").asText()).contains("down");
      JsonNode probe = dev.modelgate.testing.JsonTrees.tree(upstream.lastRequest().bodyText());
      assertThat(probe.path("model").asText()).isEqualTo("Qwen/Qwen3-8B");
      assertThat(probe.path("max_tokens").asInt()).isEqualTo(1);
      HttpProbe.Result stillTried =
          HttpProbe.post(gateway.baseUrl() + "/v1/chat/completions", TestGateway.KEY, CHAT);
      assertThat(stillTried.status())
          .as("the only target is still tried: a failing check is no outage of its own")
          .isEqualTo(500);
      status.set(200);
      Await.until(() -> target(gateway, "only").path("status").asText().equals("healthy"), "back");
    }
  }
}

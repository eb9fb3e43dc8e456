package dev.modelgate.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** The upstream pool as configured: a cap on connections per host, reuse, and idle eviction. */
class UpstreamPoolTest {
  private static final String CHAT =
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String OK =
      "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
          + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";

  private static String config(String base, int maxConnections, String idleEviction) {
    return TestGateway.authBlock()
        + """
        upstreams:
          - name: fake
            type: openai
            dialect: vllm
            base_url: %s
            pool:
              max_connections: %d
              idle_eviction: %s
        routes:
          - model: m
            targets: [{upstream: fake}]
        """
            .formatted(base, maxConnections, idleEviction);
  }

  @Test
  void concurrentRequestsQueueForAtMostMaxConnectionsAndReuseThem() throws Exception {
    try (FakeUpstream upstream =
            FakeUpstream.start()
                .respond(FakeResponse.json(200, OK).withFirstByteDelay(Duration.ofMillis(200)));
        TestGateway gateway = TestGateway.start(config(upstream.baseUrl(), 2, "60s"))) {
      ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        clients.add(
            Thread.ofVirtual()
                .start(
                    () ->
                        statuses.add(
                            HttpProbe.post(
                                    gateway.baseUrl() + "/v1/chat/completions",
                                    TestGateway.KEY,
                                    CHAT)
                                .status())));
      }
      for (Thread client : clients) {
        client.join();
      }
      assertThat(statuses).hasSize(8).containsOnly(200);
      assertThat(upstream.maxOpenConnections()).isEqualTo(2);
      assertThat(upstream.acceptedConnections()).isEqualTo(2);
    }
  }

  @Test
  void idleConnectionsAreEvicted() throws Exception {
    try (FakeUpstream upstream = FakeUpstream.start().respond(FakeResponse.json(200, OK));
        TestGateway gateway = TestGateway.start(config(upstream.baseUrl(), 4, "300ms"))) {
      assertThat(
              HttpProbe.post(gateway.baseUrl() + "/v1/chat/completions", TestGateway.KEY, CHAT)
                  .status())
          .isEqualTo(200);
      assertThat(upstream.openConnections()).isEqualTo(1);
      long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (upstream.openConnections() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(upstream.openConnections())
          .as("connections left open after idle eviction")
          .isZero();
    }
  }
}

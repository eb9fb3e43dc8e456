package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.io.BufferedReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading stops the upstream read: the gateway buffers a bounded amount only.
 */
class StreamBackPressureTest {
  @Test
  void aSlowClientSlowsTheUpstreamInsteadOfFillingMemory() throws Exception {
    String padding = "x".repeat(16 * 1024);
    List<String> events = new ArrayList<>();
    int total = 1000; // 16 MiB of events
    for (int i = 0; i < total; i++) {
      events.add(
          "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
              + "\"delta\":{\"content\":\""
              + padding
              + "\"},\"finish_reason\":null}]}");
    }
    events.add("[DONE]");
    try (FakeUpstream upstream = FakeUpstream.start().respond(FakeResponse.sse(events));
        TestGateway gateway =
            TestGateway.start(
                TestGateway.authBlock()
                    + """
            upstreams:
              - name: fake
                type: openai
                dialect: vllm
                base_url: %s
            routes:
              - model: m
                targets: [{upstream: fake}]
            """
                        .formatted(upstream.baseUrl()))) {
      BufferedReader reader =
          HttpProbe.openStream(
              gateway.baseUrl() + "/v1/chat/completions",
              TestGateway.KEY,
              "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
      assertThat(reader.readLine()).startsWith("data:");
      Thread.sleep(1500);
      long writtenWhileStalled = upstream.partsWritten();
      assertThat(writtenWhileStalled)
          .as("events the upstream could send while the client read nothing")
          .isLessThan(total / 2);
      int read = 1;
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("data:")) {
          read++;
        }
      }
      assertThat(read)
          .as("every event and [DONE] arrive once the client reads")
          .isEqualTo(total + 1);
    }
  }
}

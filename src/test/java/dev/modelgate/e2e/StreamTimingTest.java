package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.io.BufferedReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each event leaves the gateway when it arrives, not when the stream ends. */
class StreamTimingTest {
  @Test
  void eventsArriveSpacedAsTheUpstreamSentThem() throws Exception {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      events.add(
          "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
              + "\"delta\":{\"content\":\""
              + i
              + "\"},\"finish_reason\":null}]}");
    }
    events.add("[DONE]");
    try (FakeUpstream upstream =
            FakeUpstream.start().respond(FakeResponse.sse(events).withGap(Duration.ofMillis(300)));
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
      List<Long> arrivals = new ArrayList<>();
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("data:")) {
          arrivals.add(System.nanoTime());
        }
      }
      assertThat(arrivals).hasSize(5);
      for (int i = 1; i < arrivals.size(); i++) {
        long gapMillis = (arrivals.get(i) - arrivals.get(i - 1)) / 1_000_000;
        // Batched delivery would put the events together; flushed ones keep the upstream's spacing.
        assertThat(gapMillis).as("gap before event " + i).isGreaterThan(150L);
      }
    }
  }
}

package dev.modelgate.e2e;

import dev.modelgate.testkit.FakeResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** An OpenAI-style chat stream whose upstream sends one word per {@code gap}: tests of draining. */
final class SlowStreamScript {
  private SlowStreamScript() {}

  /** The text the stream carries: {@code words} words "w0 w1 ...". */
  static String text(int words) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < words; i++) {
      text.append("w").append(i).append(' ');
    }
    return text.toString();
  }

  static FakeResponse stream(int words, Duration gap) {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < words; i++) {
      events.add(chunk("{\"content\":\"w" + i + " \"}", "null"));
    }
    events.add(chunk("{}", "\"stop\""));
    events.add("[DONE]");
    return FakeResponse.sse(events).withGap(gap);
  }

  private static String chunk(String delta, String finish) {
    return "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"delta\":"
        + delta
        + ",\"finish_reason\":"
        + finish
        + "}]}";
  }

  /** A gateway configuration routing {@code m} to {@code upstreamUrl}, with its shutdown keys. */
  static String config(String upstreamUrl, String preStopDelay, String drainTimeout) {
    return """
        server:
          host: 127.0.0.1
          port: 0
          shutdown:
            pre_stop_delay: %s
            drain_timeout: %s
        upstreams:
          - name: fake
            type: openai
            dialect: vllm
            base_url: %s
        routes:
          - model: m
            targets: [{upstream: fake}]
        """
        .formatted(preStopDelay, drainTimeout, upstreamUrl);
  }
}

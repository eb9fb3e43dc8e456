package dev.modelgate.e2e;

import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import java.util.List;

/**
 * An OpenAI upstream that bills every chat the same: 1,200 prompt tokens (200 of them from its
 * prompt cache) and 300 completion tokens, reported in the answer or in the stream's last chunk; a
 * last message "boom" gets a 500.
 */
final class BilledUpstream {
  static final String USAGE =
      "{\"prompt_tokens\":1200,\"completion_tokens\":300,\"total_tokens\":1500,"
          + "\"prompt_tokens_details\":{\"cached_tokens\":200}}";

  private BilledUpstream() {}

  static FakeUpstream start() {
    return FakeUpstream.start().respond(BilledUpstream::answer);
  }

  static FakeResponse answer(FakeUpstream.RecordedRequest request) {
    String body = request.bodyText();
    if (body.contains("\"boom\"")) {
      return FakeResponse.json(
          500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}");
    }
    if (body.contains("\"stream\":true")) {
      return FakeResponse.sse(
          List.of(
              "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"up\","
                  + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"hi\"},"
                  + "\"finish_reason\":null}]}",
              "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"up\","
                  + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
              "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"up\","
                  + "\"choices\":[],\"usage\":"
                  + USAGE
                  + "}",
              "[DONE]"));
    }
    return FakeResponse.json(
        200,
        "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"up\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":"
            + USAGE
            + "}");
  }

  /** Configuration of one route {@code gpt-4o} to this upstream's {@code upstream-4o}, priced. */
  static String upstreamAndPrices(String baseUrl) {
    return """
        upstreams:
          - name: billed
            type: openai
            base_url: %s
            api_key: sk-upstream
        routes:
          - model: gpt-4o
            targets: [{upstream: billed, model: upstream-4o}]
        usage:
          currency: EUR
          prices:
            upstream-4o: {input: 2.50, output: 10.00, cached_input: 1.25}
            "gpt-*": {input: 100, output: 100}
          spool:
            flush_interval: 100ms
        """
        .formatted(baseUrl);
  }
}

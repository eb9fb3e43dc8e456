package dev.modelgate.provider.anthropic;

import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.ProviderContract;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The contract for the anthropic provider, over Anthropic's own wire format. */
class AnthropicContractTest extends ProviderContract {
  @Override
  protected List<String> scenarioFolders() {
    return List.of("wire/anthropic");
  }

  @Override
  protected String fakeBaseUrl() {
    return "http://127.0.0.1:" + upstream.port();
  }

  @Override
  protected String upstreamYaml(String baseUrl) {
    return """
        - name: contract
          type: anthropic
          base_url: %s
          api_key: upstream-secret
          timeouts:
            first_byte: 1s
            idle: 1s
        """
        .formatted(baseUrl);
  }

  @Override
  protected FakeResponse slowStream() {
    List<byte[]> parts = new ArrayList<>();
    parts.add(
        event(
            "message_start",
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"upstream-model\",\"content\":[],\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}"));
    parts.add(
        event(
            "content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
    for (int i = 0; i < 100; i++) {
      parts.add(
          event(
              "content_block_delta",
              "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"w"
                  + i
                  + " \"}}"));
    }
    parts.add(event("message_stop", "{\"type\":\"message_stop\"}"));
    return FakeResponse.raw(200, "text/event-stream", parts).withGap(Duration.ofMillis(100));
  }

  private static byte[] event(String name, String data) {
    return ("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
  }
}

package dev.modelgate.provider.gemini;

import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.ProviderContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The contract for the gemini provider, over Gemini's own wire format. */
class GeminiContractTest extends ProviderContract {
  @Override
  protected List<String> scenarioFolders() {
    return List.of("wire/gemini");
  }

  @Override
  protected String fakeBaseUrl() {
    return "http://127.0.0.1:" + upstream.port() + "/v1beta";
  }

  @Override
  protected String upstreamYaml(String baseUrl) {
    return """
        - name: contract
          type: gemini
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
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      events.add(
          "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"w"
              + i
              + " \"}]},\"index\":0}]}");
    }
    return FakeResponse.sse(events).withGap(Duration.ofMillis(100));
  }
}

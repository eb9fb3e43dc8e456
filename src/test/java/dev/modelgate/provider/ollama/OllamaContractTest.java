package dev.modelgate.provider.ollama;

import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.ProviderContract;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The contract for the ollama provider, over Ollama's native NDJSON wire format. */
class OllamaContractTest extends ProviderContract {
  @Override
  protected List<String> scenarioFolders() {
    return List.of("wire/ollama");
  }

  @Override
  protected String fakeBaseUrl() {
    return "http://127.0.0.1:" + upstream.port();
  }

  @Override
  protected String upstreamYaml(String baseUrl) {
    return """
        - name: contract
          type: ollama
          base_url: %s
          timeouts:
            first_byte: 1s
            idle: 1s
        """
        .formatted(baseUrl);
  }

  @Override
  protected FakeResponse slowStream() {
    List<byte[]> lines = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      lines.add(
          ("{\"model\":\"upstream-model\",\"message\":{\"role\":\"assistant\",\"content\":\"w"
                  + i
                  + " \"},\"done\":false}\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    return FakeResponse.raw(200, "application/x-ndjson", lines).withGap(Duration.ofMillis(100));
  }
}

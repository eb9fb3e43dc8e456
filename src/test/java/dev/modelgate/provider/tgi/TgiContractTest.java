package dev.modelgate.provider.tgi;

import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.PromptServerContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract for the tgi provider over TGI's native wire format ({@code /generate}, {@code
 * /generate_stream}) and TEI's {@code /embed}. The endpoint's default template is llama3 and the
 * routed model's own is chatml, so every prompt the scenarios expect also proves the per-model
 * choice.
 */
class TgiContractTest extends PromptServerContract {
  @Override
  protected List<String> scenarioFolders() {
    return List.of("wire/tgi");
  }

  @Override
  protected String upstreamYaml(String baseUrl) {
    return """
        - name: contract
          type: tgi
          base_url: %s
          api_key: upstream-secret
          chat_template: llama3
          models:
            upstream-model: {chat_template: chatml}
          embeddings_url: %s
          timeouts:
            first_byte: 1s
            idle: 1s
        """
        .formatted(baseUrl, baseUrl);
  }

  @Override
  protected FakeResponse slowStream() {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      events.add(
          "{\"index\":"
              + i
              + ",\"token\":{\"id\":"
              + i
              + ",\"text\":\"w"
              + i
              + " \",\"logprob\":-0.1,\"special\":false},\"generated_text\":null,\"details\":null}");
    }
    return FakeResponse.sse(events).withGap(Duration.ofMillis(100));
  }
}

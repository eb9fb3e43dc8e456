package dev.modelgate.provider.triton;

import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.PromptServerContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract for the triton provider with the vLLM preset: sampling in {@code parameters}, the
 * backend's finish reason and token counts asked for and read, delta streams, and a stream that
 * closes before its finish reason reported as truncated.
 */
class TritonVllmContractTest extends PromptServerContract {
  @Override
  protected List<String> scenarioFolders() {
    return List.of("wire/triton-vllm");
  }

  @Override
  protected String upstreamYaml(String baseUrl) {
    return """
        - name: contract
          type: triton
          base_url: %s
          backend: vllm
          chat_template: chatml
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
          "{\"model_name\":\"upstream-model\",\"model_version\":\"1\",\"text_output\":\"w"
              + i
              + " \",\"finish_reason\":null,\"num_output_tokens\":1}");
    }
    return FakeResponse.sse(events).withGap(Duration.ofMillis(100));
  }
}

package dev.modelgate.provider.triton;

import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.ProviderContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The contract for the triton provider with the vLLM preset: sampling in {@code parameters}, the
 * backend's finish reason and token counts asked for and read, delta streams, and a stream that
 * closes before its finish reason reported as truncated.
 */
class TritonVllmContractTest extends ProviderContract {
  @Override
  protected List<String> scenarioFolders() {
    return List.of("wire/triton-vllm");
  }

  @Override
  protected String fakeBaseUrl() {
    return "http://127.0.0.1:" + upstream.port();
  }

  @Override
  protected boolean supports(String capability) {
    return !Set.of("tools", "parallel_tools", "vision").contains(capability);
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

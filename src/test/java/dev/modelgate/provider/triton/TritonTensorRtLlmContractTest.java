package dev.modelgate.provider.triton;

import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.PromptServerContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract for the triton provider with the TensorRT-LLM preset: flat inputs ({@code
 * text_input}, {@code max_tokens}, {@code stop_words}, ...), answers that echo the prompt, and a
 * cumulative stream ({@code cumulative_output}, as with {@code accumulate_tokens}) that ends when
 * the connection closes.
 */
class TritonTensorRtLlmContractTest extends PromptServerContract {
  @Override
  protected List<String> scenarioFolders() {
    return List.of("wire/triton-trtllm");
  }

  @Override
  protected String upstreamYaml(String baseUrl) {
    return """
        - name: contract
          type: triton
          base_url: %s
          backend: tensorrtllm
          cumulative_output: true
          chat_template: mistral
          extra_inputs: {end_id: 2, pad_id: 2}
          timeouts:
            first_byte: 1s
            idle: 1s
        """
        .formatted(baseUrl);
  }

  @Override
  protected FakeResponse slowStream() {
    List<String> events = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      text.append("w").append(i).append(' ');
      events.add(
          "{\"model_name\":\"upstream-model\",\"model_version\":\"1\",\"text_output\":\""
              + text
              + "\"}");
    }
    return FakeResponse.sse(events).withGap(Duration.ofMillis(100));
  }
}

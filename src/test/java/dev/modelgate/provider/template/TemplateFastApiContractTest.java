package dev.modelgate.provider.template;

import dev.modelgate.testkit.ScenarioContract;
import java.util.List;

/**
 * The contract for a home-made FastAPI service reached by configuration alone: the prompt as a
 * query parameter, {@code {"generated_text": ...}} back, no streaming of its own (a streaming
 * client gets the single answer as a stream), FastAPI's error bodies.
 */
class TemplateFastApiContractTest extends ScenarioContract {
  @Override
  protected List<String> scenarioFolders() {
    return List.of("wire/template-fastapi");
  }

  @Override
  protected String upstreamYaml(String baseUrl) {
    return """
        - name: contract
          type: template
          base_url: %s
          request:
            path: /generate
            query: {prompt: "{{prompt}}"}
          response:
            text: /generated_text
            error: /error
          timeouts:
            first_byte: 1s
            idle: 1s
        """
        .formatted(baseUrl);
  }
}

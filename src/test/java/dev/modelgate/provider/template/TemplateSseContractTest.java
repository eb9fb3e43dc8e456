package dev.modelgate.provider.template;

import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.ProviderContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract for a home-made service with a JSON body template and a token stream in server-sent
 * events (shaped like TGI's native API, as many in-house servers are).
 */
class TemplateSseContractTest extends ProviderContract {
  @Override
  protected List<String> scenarioFolders() {
    return List.of("wire/template-sse");
  }

  @Override
  protected String upstreamYaml(String baseUrl) {
    return """
        - name: contract
          type: template
          base_url: %s
          request:
            path: /generate
            body:
              inputs: "{{prompt}}"
              model: "{{model}}"
              stream: "{{stream}}"
              parameters:
                max_new_tokens: "{{max_tokens}}"
                temperature: "{{temperature}}"
                stop: "{{stop}}"
                details: true
          response:
            text: /generated_text
            finish_reason: /details/finish_reason
            completion_tokens: /details/generated_tokens
            error: /error
          stream:
            format: sse
            path: /generate_stream
            text: /token/text
            finish_reason: /details/finish_reason
            completion_tokens: /details/generated_tokens
            error: /error
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
      events.add("{\"token\":{\"id\":" + i + ",\"text\":\"w" + i + " \"},\"details\":null}");
    }
    return FakeResponse.sse(events).withGap(Duration.ofMillis(100));
  }
}

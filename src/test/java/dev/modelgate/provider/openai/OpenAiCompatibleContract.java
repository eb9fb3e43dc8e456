package dev.modelgate.provider.openai;

import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.ProviderContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract for one dialect of the {@code openai} provider: the shared scenarios plus the
 * dialect's own.
 */
abstract class OpenAiCompatibleContract extends ProviderContract {
  /** The dialect under test, as named in configuration. */
  abstract String dialect();

  @Override
  protected List<String> scenarioFolders() {
    return List.of("wire/openai", "wire/" + folder());
  }

  String folder() {
    return dialect();
  }

  @Override
  protected String upstreamYaml(String baseUrl) {
    return """
        - name: contract
          type: openai
          dialect: %s
          base_url: %s
          api_key: upstream-secret
          timeouts:
            first_byte: 1s
            idle: 1s
        """
        .formatted(dialect(), baseUrl);
  }

  @Override
  protected FakeResponse slowStream() {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      events.add(
          "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"upstream-model\","
              + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"w"
              + i
              + " \"},\"finish_reason\":null}]}");
    }
    events.add("[DONE]");
    return FakeResponse.sse(events).withGap(Duration.ofMillis(100));
  }
}

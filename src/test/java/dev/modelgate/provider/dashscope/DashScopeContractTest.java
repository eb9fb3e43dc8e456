package dev.modelgate.provider.dashscope;

import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.ProviderContract;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The contract for the dashscope provider, over DashScope's native wire format. */
class DashScopeContractTest extends ProviderContract {
  @Override
  protected List<String> scenarioFolders() {
    return List.of("wire/dashscope");
  }

  @Override
  protected String fakeBaseUrl() {
    return "http://127.0.0.1:" + upstream.port() + "/api/v1";
  }

  @Override
  protected String upstreamYaml(String baseUrl) {
    return """
        - name: contract
          type: dashscope
          base_url: %s
          api_key: upstream-secret
          workspace: ws-123
          timeouts:
            first_byte: 1s
            idle: 1s
        """
        .formatted(baseUrl);
  }

  @Override
  protected FakeResponse slowStream() {
    List<byte[]> parts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      parts.add(
          ("id:"
                  + i
                  + "\nevent:result\n:HTTP_STATUS/200\ndata:{\"output\":{\"choices\":[{\"message\":"
                  + "{\"role\":\"assistant\",\"content\":\"w"
                  + i
                  + " \"},\"finish_reason\":\"null\"}]},"
                  + "\"usage\":{\"input_tokens\":1,\"output_tokens\":"
                  + i
                  + "},\"request_id\":\"r\"}\n\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    return FakeResponse.raw(200, "text/event-stream", parts).withGap(Duration.ofMillis(100));
  }
}

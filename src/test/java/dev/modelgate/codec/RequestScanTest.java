package dev.modelgate.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.Operation;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestScanTest {
  private static RequestScan.Result scan(String body, Operation operation) {
    return RequestScan.scan(body.getBytes(StandardCharsets.UTF_8), operation);
  }

  @Test
  void readsWhatRoutingNeedsInAnyOrder() {
    RequestScan.Result result =
        scan(
            "{\"stream_options\":{\"include_usage\":true},\"messages\":[],\"x\":{\"model\":\"no\"},\"stream\":true,\"model\":\"m\"}",
            Operation.CHAT);
    assertThat(result.model()).isEqualTo("m");
    assertThat(result.stream()).isTrue();
    assertThat(result.includeUsage()).isTrue();
    assertThat(result.keys()).containsExactly("stream_options", "messages", "x", "stream", "model");
  }

  @Test
  void namesWhatIsMissingOrWrong() {
    assertThatThrownBy(() -> scan("{\"messages\":[]}", Operation.CHAT))
        .isInstanceOfSatisfying(
            InvalidRequest.class, e -> assertThat(e.param()).isEqualTo("model"));
    assertThatThrownBy(() -> scan("{\"model\":\"m\"}", Operation.COMPLETION))
        .isInstanceOfSatisfying(
            InvalidRequest.class, e -> assertThat(e.param()).isEqualTo("prompt"));
    assertThatThrownBy(() -> scan("{\"model\":\"m\"}", Operation.EMBEDDING))
        .isInstanceOfSatisfying(
            InvalidRequest.class, e -> assertThat(e.param()).isEqualTo("input"));
    assertThatThrownBy(
            () -> scan("{\"model\":\"m\",\"messages\":[],\"stream\":\"yes\"}", Operation.CHAT))
        .isInstanceOfSatisfying(
            InvalidRequest.class, e -> assertThat(e.param()).isEqualTo("stream"));
    for (String bad :
        new String[] {"[1]", "{\"model\":", "{\"model\":\"m\",\"messages\":[]} {}", ""}) {
      assertThatThrownBy(() -> scan(bad, Operation.CHAT))
          .isInstanceOfSatisfying(
              InvalidRequest.class, e -> assertThat(e.code()).isEqualTo("invalid_json"));
    }
  }
}

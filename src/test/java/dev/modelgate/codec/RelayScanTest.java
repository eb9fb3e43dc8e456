package dev.modelgate.codec;

import static dev.modelgate.testing.JsonTrees.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RelayScanTest {
  @Test
  void oneReadFindsTheModelSpanTheUsageAndEmptyChoices() {
    byte[] chunk =
        bytes(
            "{\"id\":\"c\",\"choices\":[],\"model\":\"up-\\\"m\\\"\","
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}");
    RelayScan.Fields fields = RelayScan.fields(chunk);

    assertThat(fields.emptyChoices()).isTrue();
    assertThat(fields.usage().path("total_tokens").asInt()).isEqualTo(5);
    assertThat(
            new String(
                JsonSplice.replaceSpan(chunk, fields.modelSpan(), "public"),
                StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"id\":\"c\",\"choices\":[],\"model\":\"public\","
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}");
  }

  @Test
  void choicesWithContentAreNotEmptyAndNestedModelsAreNotTheTopLevelOne() {
    byte[] answer =
        bytes(
            "{\"choices\":[{\"index\":0,\"message\":{\"model\":\"inner\",\"content\":\"[]\"}},"
                + "{\"index\":1}],\"object\":\"chat.completion\"}");
    RelayScan.Fields fields = RelayScan.fields(answer);

    assertThat(fields.emptyChoices()).isFalse();
    assertThat(fields.modelSpan()).isNull();
    assertThat(fields.usage()).isNull();
    assertThat(JsonSplice.replaceSpan(answer, fields.modelSpan(), "public")).isSameAs(answer);
  }

  @Test
  void aBodyThatIsNotOneWellFormedObjectIsRefused() {
    assertThatThrownBy(() -> RelayScan.fields(bytes("{\"model\":\"m\",\"choices\":[}")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RelayScan.fields(bytes("{\"model\":\"m\"} {}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("content after");
    assertThatThrownBy(() -> RelayScan.fields(bytes("[1]")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

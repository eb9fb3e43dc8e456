package dev.modelgate.provider.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.model.FinishReason;
import dev.modelgate.testing.JsonTrees;
import org.junit.jupiter.api.Test;

/** A template upstream's configuration is checked when it loads, naming the bad option. */
class TemplateSpecTest {
  private static TemplateSpec parse(String json) {
    return TemplateSpec.parse((ObjectNode) JsonTrees.tree(json));
  }

  @Test
  void aMisspelledVariableIsRefusedWithItsPlace() {
    assertThatThrownBy(
            () ->
                parse(
                    "{\"request\":{\"path\":\"/g\",\"body\":{\"p\":{\"x\":\"say {{promt}}\"}}},"
                        + "\"response\":{}}"))
        .hasMessageContaining("request.body.p.x: unknown variable {{promt}}");
  }

  @Test
  void badPointersPathsMethodsAndFormatsAreRefused() {
    assertThatThrownBy(() -> parse("{\"request\":{\"path\":\"/g\"},\"response\":{\"text\":\"x\"}}"))
        .hasMessageContaining("response.text: 'x' is not a JSON pointer");
    assertThatThrownBy(() -> parse("{\"request\":{\"path\":\"g\"},\"response\":{}}"))
        .hasMessageContaining("request.path: must start with /");
    assertThatThrownBy(
            () -> parse("{\"request\":{\"path\":\"/g\",\"method\":\"PUT\"},\"response\":{}}"))
        .hasMessageContaining("request.method");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"request\":{\"path\":\"/g\"},\"response\":{},\"stream\":{\"format\":\"ws\"}}"))
        .hasMessageContaining("stream.format");
    assertThatThrownBy(() -> parse("{\"request\":{\"path\":\"/g\",\"bdy\":{}},\"response\":{}}"))
        .hasMessageContaining("request.bdy: unknown option");
    assertThatThrownBy(() -> parse("{\"response\":{}}")).hasMessageContaining("request: required");
  }

  @Test
  void finishWordsMapThroughConfigurationThenCommonWords() {
    TemplateSpec spec =
        parse(
            "{\"request\":{\"path\":\"/g\"},\"response\":{},"
                + "\"finish_reasons\":{\"budget\":\"length\",\"eos_token\":\"content_filter\"}}");
    assertThat(spec.finishReason("budget")).isEqualTo(FinishReason.LENGTH);
    assertThat(spec.finishReason("eos_token")).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(spec.finishReason("max_tokens")).isEqualTo(FinishReason.LENGTH);
    assertThat(spec.finishReason("whatever")).isEqualTo(FinishReason.STOP);
    assertThat(spec.finishReason(null)).isEqualTo(FinishReason.STOP);
    assertThat(spec.answer().text().toString()).isEqualTo("/generated_text");
  }

  @Test
  void promptFormatsIncludeTheSharedChatTemplates() {
    TemplateSpec chatml =
        parse("{\"request\":{\"path\":\"/g\"},\"response\":{},\"prompt_format\":\"chatml\"}");
    String prompt =
        chatml
            .promptFormat()
            .apply(
                java.util.List.of(
                    dev.modelgate.model.Message.of(dev.modelgate.model.Role.USER, "hi")));
    assertThat(prompt)
        .contains("<|im_start|>user")
        .contains("hi")
        .endsWith("<|im_start|>assistant\n");
    assertThatThrownBy(
            () ->
                parse("{\"request\":{\"path\":\"/g\"},\"response\":{},\"prompt_format\":\"gpt2\"}"))
        .hasMessageContaining("prompt_format: plain, last_user or a chat template");
  }
}

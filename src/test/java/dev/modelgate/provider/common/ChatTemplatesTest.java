package dev.modelgate.provider.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.model.Message;
import dev.modelgate.model.Role;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatTemplatesTest {
  private static final List<Message> CONVERSATION =
      List.of(
          Message.of(Role.SYSTEM, "Be brief."),
          Message.of(Role.USER, "Hi"),
          Message.of(Role.ASSISTANT, "Hello."),
          Message.of(Role.USER, "Why?"));

  @Test
  void llama3WrapsEveryTurnInHeadersAndOpensTheAssistantTurn() {
    assertThat(ChatTemplates.named("llama3").render(CONVERSATION))
        .isEqualTo(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\nHello.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nWhy?<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n");
  }

  @Test
  void mistralHasNoSystemRoleSoTheSystemTextOpensTheFirstUserTurn() {
    assertThat(ChatTemplates.named("mistral").render(CONVERSATION))
        .isEqualTo("<s>[INST] Be brief.\n\nHi [/INST] Hello.</s>[INST] Why? [/INST]");
  }

  @Test
  void noneJoinsTheTextsAndLeavesALoneMessageAsItIs() {
    assertThat(ChatTemplates.named("none").render(List.of(Message.of(Role.USER, "raw prompt"))))
        .isEqualTo("raw prompt");
    assertThat(ChatTemplates.named("none").render(CONVERSATION))
        .isEqualTo("Be brief.\n\nHi\n\nHello.\n\nWhy?");
  }

  @Test
  void aCustomTemplateTakesPrefixesAndSuffixesPerRoleAndTheUserTurnForMissingRoles() {
    ChatTemplates templates =
        ChatTemplates.from(
            json(
                """
                {"chat_template": {"begin": "<s>", "separator": "\\n",
                  "user": {"prefix": "### User: ", "suffix": ""},
                  "assistant": {"prefix": "### Assistant: ", "suffix": "</s>"}}}
                """));
    assertThat(templates.forModel("any").render(CONVERSATION))
        .isEqualTo(
            "<s>### User: Be brief.\n### User: Hi\n### Assistant: Hello.</s>\n### User: Why?"
                + "### Assistant: ");
  }

  @Test
  void aModelsOwnTemplateWinsOverTheEndpointDefault() {
    ChatTemplates templates =
        ChatTemplates.from(
            json(
                "{\"chat_template\": \"mistral\", \"models\": {\"qwen\": {\"chat_template\": \"chatml\"}}}"));
    List<Message> hi = List.of(Message.of(Role.USER, "Hi"));
    assertThat(templates.forModel("qwen").render(hi))
        .isEqualTo("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
    assertThat(templates.forModel("other").render(hi)).isEqualTo("<s>[INST] Hi [/INST]");
  }

  @Test
  void badConfigurationNamesThePath() {
    assertThatThrownBy(() -> ChatTemplates.from(json("{\"chat_template\": \"alpaca\"}")))
        .hasMessageStartingWith("chat_template: unknown chat template 'alpaca'");
    assertThatThrownBy(
            () ->
                ChatTemplates.from(
                    json("{\"models\": {\"m\": {\"chat_template\": {\"usr\": {}}}}}")))
        .hasMessageStartingWith("models.m.chat_template.usr: unknown option");
  }

  private static JsonNode json(String text) {
    try {
      return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}

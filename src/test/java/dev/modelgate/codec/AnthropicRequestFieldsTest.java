package dev.modelgate.codec;

import static dev.modelgate.testing.JsonTrees.bytes;
import static dev.modelgate.testing.JsonTrees.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.ResponseFormat;
import dev.modelgate.model.WireProtocol;
import org.junit.jupiter.api.Test;

/**
 * An Anthropic client's own request fields reach OpenAI-compatible upstreams only where they have a
 * meaning there; an OpenAI client's extra fields still reach them as sent.
 */
class AnthropicRequestFieldsTest {
  private static final String ANTHROPIC =
      """
      {"model": "m", "max_tokens": 2000, "top_k": 5,
       "thinking": {"type": "enabled", "budget_tokens": 1024},
       "output_config": {"format": {"type": "json_schema",
                                    "schema": {"type": "object", "required": ["city"]}}},
       "messages": [{"role": "user", "content": "hello"}]}
      """;

  @Test
  void anAnthropicClientsFieldsStayOutOfAnOpenAiBodyAndItsSchemaBecomesTheResponseFormat() {
    ChatRequest request = AnthropicMessagesCodec.decode(bytes(ANTHROPIC));
    assertThat(request.format()).isEqualTo(WireProtocol.ANTHROPIC);
    assertThat(request.extensionsFor(WireProtocol.OPENAI)).isNull();
    assertThat(request.extensionsFor(WireProtocol.ANTHROPIC)).isNotNull();

    JsonNode sent = tree(OpenAiRequestCodec.encodeChat(request));
    assertThat(sent.has("top_k")).isFalse();
    assertThat(sent.has("thinking")).isFalse();
    assertThat(sent.has("output_config")).isFalse();
    assertThat(sent.path("response_format").path("type").asText()).isEqualTo("json_schema");
    assertThat(sent.path("response_format").path("json_schema").path("schema"))
        .isEqualTo(tree("{\"type\": \"object\", \"required\": [\"city\"]}"));
  }

  @Test
  void theEarlierBetasOutputFormatIsReadToo() {
    ChatRequest request =
        AnthropicMessagesCodec.decode(
            bytes(
                """
                {"model": "m", "max_tokens": 10,
                 "output_format": {"type": "json_schema", "schema": {"type": "object"}},
                 "messages": [{"role": "user", "content": "hello"}]}
                """));
    assertThat(request.responseFormat()).isInstanceOf(ResponseFormat.JsonSchema.class);
  }

  @Test
  void withoutStructuredOutputThereIsNoResponseFormat() {
    ChatRequest request =
        AnthropicMessagesCodec.decode(
            bytes("{\"model\": \"m\", \"max_tokens\": 10, \"messages\": []}"));
    assertThat(request.responseFormat()).isNull();
  }

  @Test
  void anOpenAiClientsExtraFieldsStillReachAnOpenAiUpstream() {
    // Zhipu's OpenAI-compatible API takes a thinking switch of its own.
    ChatRequest request =
        OpenAiRequestCodec.decodeChat(
            bytes(
                """
                {"model": "glm", "thinking": {"type": "enabled"}, "top_k": 3,
                 "messages": [{"role": "user", "content": "hi"}]}
                """));
    JsonNode sent = tree(OpenAiRequestCodec.encodeChat(request));
    assertThat(sent.path("thinking").path("type").asText()).isEqualTo("enabled");
    assertThat(sent.path("top_k").asInt()).isEqualTo(3);
  }
}

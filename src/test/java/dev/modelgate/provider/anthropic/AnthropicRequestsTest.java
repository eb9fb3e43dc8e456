package dev.modelgate.provider.anthropic;

import static dev.modelgate.testing.JsonTrees.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.AnthropicMessagesCodec;
import dev.modelgate.codec.OpenAiRequestCodec;
import org.junit.jupiter.api.Test;

/** Requests re-encoded for Claude (when a policy changed them, so they are not relayed). */
class AnthropicRequestsTest {
  @Test
  void anAnthropicClientsOwnFieldsAreKeptWhenItsRequestIsEncodedAgain() {
    JsonNode sent =
        AnthropicRequests.encode(
            AnthropicMessagesCodec.decode(
                bytes(
                    """
                    {"model": "m", "max_tokens": 2000, "top_k": 5, "service_tier": "auto",
                     "output_config": {"format": {"type": "json_schema", "schema": {"type": "object"}}},
                     "messages": [{"role": "user", "content": "hello"}]}
                    """)),
            "claude-upstream",
            1024);
    assertThat(sent.path("model").asText()).isEqualTo("claude-upstream");
    assertThat(sent.path("top_k").asInt()).isEqualTo(5);
    assertThat(sent.path("service_tier").asText()).isEqualTo("auto");
    assertThat(sent.path("output_config").path("format").path("type").asText())
        .isEqualTo("json_schema");
  }

  @Test
  void anOpenAiClientsExtraFieldsAreNotSentToClaude() {
    JsonNode sent =
        AnthropicRequests.encode(
            OpenAiRequestCodec.decodeChat(
                bytes(
                    """
                    {"model": "m", "seed": 7, "logprobs": true,
                     "messages": [{"role": "user", "content": "hello"}]}
                    """)),
            "claude-upstream",
            1024);
    assertThat(sent.has("seed")).isFalse();
    assertThat(sent.has("logprobs")).isFalse();
  }
}

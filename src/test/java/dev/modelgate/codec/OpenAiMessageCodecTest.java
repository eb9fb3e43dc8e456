package dev.modelgate.codec;

import static dev.modelgate.testing.JsonTrees.assertSameJson;
import static dev.modelgate.testing.JsonTrees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.ContentPart;
import dev.modelgate.model.Message;
import dev.modelgate.model.MessageContent;
import dev.modelgate.model.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiMessageCodecTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "{\"role\": \"user\", \"content\": \"plain\"}",
        "{\"role\": \"assistant\", \"content\": null, \"refusal\": \"no\"}",
        "{\"role\": \"assistant\", \"content\": \"x\", \"reasoning_content\": \"why\","
            + " \"tool_calls\": [{\"id\": \"c\", \"type\": \"function\","
            + " \"function\": {\"name\": \"f\", \"arguments\": \"{}\"}}]}",
        "{\"role\": \"tool\", \"tool_call_id\": \"c\", \"content\": \"42\"}",
        "{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"a\"},"
            + " {\"type\": \"image_url\", \"image_url\": {\"url\": \"https://x/y.png\", \"detail\": \"low\"}},"
            + " {\"type\": \"refusal\", \"refusal\": \"r\"}], \"name\": \"bob\", \"cache\": {\"ttl\": 5}}"
      })
  void messageRoundTrips(String json) {
    Message message = OpenAiMessageCodec.decode(tree(json), "messages[0]");

    assertSameJson(OpenAiMessageCodec.encode(message), tree(json));
  }

  @Test
  void plainAndPartsContentStayDistinct() {
    Message plain = OpenAiMessageCodec.decode(tree("{\"role\":\"user\",\"content\":\"hi\"}"), "m");
    Message parts =
        OpenAiMessageCodec.decode(
            tree("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}"), "m");

    assertThat(plain.content()).isEqualTo(new MessageContent.Plain("hi"));
    assertThat(parts.content())
        .isEqualTo(new MessageContent.Parts(List.of(new ContentPart.Text("hi"))));
    assertThat(parts.text()).isEqualTo(plain.text());
  }

  @Test
  void missingContentEncodesAsNull() {
    Message message = new Message(Role.ASSISTANT, null, null, List.of(), null, null, null, null);

    assertSameJson(
        OpenAiMessageCodec.encode(message), tree("{\"role\": \"assistant\", \"content\": null}"));
  }

  @Test
  void missingRoleIsInvalidValueAtPath() {
    InvalidRequest e =
        catchThrowableOfType(
            InvalidRequest.class,
            () -> OpenAiMessageCodec.decode(tree("{\"content\":\"x\"}"), "messages[3]"));

    assertThat(e.param()).isEqualTo("messages[3].role");
    assertThat(e.getMessage()).contains("missing");
  }

  @Test
  void nonObjectMessageIsInvalid() {
    InvalidRequest e =
        catchThrowableOfType(
            InvalidRequest.class,
            () -> OpenAiMessageCodec.decode(tree("\"hello\""), "messages[0]"));

    assertThat(e.param()).isEqualTo("messages[0]");
  }
}

package dev.modelgate.codec;

import static dev.modelgate.testing.JsonTrees.assertSameJson;
import static dev.modelgate.testing.JsonTrees.bytes;
import static dev.modelgate.testing.JsonTrees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.CompletionRequest;
import dev.modelgate.model.ContentPart;
import dev.modelgate.model.EmbeddingRequest;
import dev.modelgate.model.Message;
import dev.modelgate.model.MessageContent;
import dev.modelgate.model.ResponseFormat;
import dev.modelgate.model.Role;
import dev.modelgate.model.ToolCall;
import dev.modelgate.model.ToolChoice;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiRequestCodecTest {

  /** A chat request using most of what the OpenAI API accepts, plus fields it may add later. */
  static final String RICH_CHAT =
      """
      {
        "model": "gpt-4o",
        "messages": [
          {"role": "developer", "content": "Answer tersely."},
          {"role": "system", "content": "You are a weather bot.", "name": "policy"},
          {"role": "user", "name": "alice", "content": [
            {"type": "text", "text": "What is in these images? Ünïcödé 日本語 🙂"},
            {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "high"}},
            {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
            {"type": "input_audio", "input_audio": {"data": "UklGRiQAAABXQVZF", "format": "wav"}},
            {"type": "file", "file": {"file_id": "file-abc123", "filename": "report.pdf"}}
          ]},
          {"role": "assistant", "content": null, "reasoning_content": "Need the weather first.",
           "tool_calls": [
             {"id": "call_1", "type": "function",
              "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\",\\"unit\\":\\"c\\"}"}},
             {"id": "call_2", "type": "function",
              "function": {"name": "get_time", "arguments": "{}"}}
           ],
           "audio": {"id": "audio_abc"}},
          {"role": "tool", "tool_call_id": "call_1", "content": "{\\"temp\\": 21.5}"},
          {"role": "tool", "tool_call_id": "call_2", "content": [{"type": "text", "text": "12:00"}]},
          {"role": "assistant", "content": "It is 21.5 °C.", "refusal": "I cannot share the exact location.",
           "prefix": true, "x_vendor_annotation": {"confidence": 0.93, "tags": ["a", "b"]}}
        ],
        "stream": true,
        "stream_options": {"include_usage": true},
        "max_tokens": 100,
        "max_completion_tokens": 512,
        "temperature": 0.2,
        "top_p": 0.95,
        "n": 1,
        "stop": ["END", "\\n\\n"],
        "tools": [
          {"type": "function", "function": {
            "name": "get_weather",
            "description": "Current weather for a city.",
            "parameters": {
              "type": "object",
              "properties": {
                "city": {"type": "string", "description": "City name", "minLength": 1},
                "unit": {"type": "string", "enum": ["c", "f"]},
                "days": {"type": "integer", "minimum": 1, "maximum": 7},
                "coords": {"type": "object", "properties": {"lat": {"type": "number"}, "lon": {"type": "number"}},
                           "required": ["lat", "lon"], "additionalProperties": false},
                "when": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]}
              },
              "required": ["city", "unit", "days", "coords", "when"],
              "additionalProperties": false
            },
            "strict": true}},
          {"type": "function", "function": {"name": "get_time", "parameters": {"type": "object", "properties": {}}}}
        ],
        "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
        "parallel_tool_calls": false,
        "response_format": {"type": "json_schema", "json_schema": {
          "name": "weather_report",
          "description": "A short report.",
          "schema": {"type": "object", "properties": {"summary": {"type": "string"}, "temp": {"type": "number"}},
                     "required": ["summary", "temp"], "additionalProperties": false},
          "strict": true}},
        "user": "user-42",
        "seed": 1234,
        "logprobs": true,
        "top_logprobs": 3,
        "frequency_penalty": 0.5,
        "presence_penalty": -0.25,
        "logit_bias": {"50256": -100},
        "metadata": {"trace_id": "abc", "team": "search"},
        "store": false,
        "service_tier": "auto",
        "reasoning_effort": "low",
        "modalities": ["text"],
        "prediction": {"type": "content", "content": "It is"},
        "some_future_field": {"nested": [1, 2.50, {"deep": null}], "flag": true}
      }""";

  @Test
  void richChatRequestRoundTripsUnchanged() {
    ChatRequest request = OpenAiRequestCodec.decodeChat(bytes(RICH_CHAT));

    byte[] encoded = OpenAiRequestCodec.encodeChat(request);

    assertSameJson(encoded, RICH_CHAT);
  }

  @Test
  void richChatRequestDecodesTypedFields() {
    ChatRequest request = OpenAiRequestCodec.decodeChat(bytes(RICH_CHAT));

    assertThat(request.model()).isEqualTo("gpt-4o");
    assertThat(request.stream()).isTrue();
    assertThat(request.includeUsage()).isTrue();
    assertThat(request.maxTokens()).isEqualTo(100);
    assertThat(request.maxCompletionTokens()).isEqualTo(512);
    assertThat(request.outputLimit()).isEqualTo(512);
    assertThat(request.temperature()).isEqualTo(0.2);
    assertThat(request.topP()).isEqualTo(0.95);
    assertThat(request.n()).isEqualTo(1);
    assertThat(request.stop()).containsExactly("END", "\n\n");
    assertThat(request.parallelToolCalls()).isFalse();
    assertThat(request.user()).isEqualTo("user-42");
    assertThat(request.toolChoice()).isEqualTo(new ToolChoice.Function("get_weather"));

    assertThat(request.tools()).hasSize(2);
    assertThat(request.tools().get(0).name()).isEqualTo("get_weather");
    assertThat(request.tools().get(0).strict()).isTrue();
    assertThat(request.tools().get(0).parameters().path("required")).hasSize(5);
    assertThat(request.tools().get(1).description()).isNull();
    assertThat(request.tools().get(1).strict()).isNull();

    assertThat(request.responseFormat()).isInstanceOf(ResponseFormat.JsonSchema.class);
    ResponseFormat.JsonSchema format = (ResponseFormat.JsonSchema) request.responseFormat();
    assertThat(format.name()).isEqualTo("weather_report");
    assertThat(format.strict()).isTrue();

    assertThat(request.extensions()).isNotNull();
    assertThat(request.extensions().properties())
        .extracting(e -> e.getKey())
        .contains("seed", "logprobs", "metadata", "reasoning_effort", "some_future_field")
        .doesNotContain("model", "messages", "tools", "temperature");
  }

  @Test
  void richChatRequestDecodesMessages() {
    List<Message> messages = OpenAiRequestCodec.decodeChat(bytes(RICH_CHAT)).messages();

    assertThat(messages)
        .extracting(Message::role)
        .containsExactly(
            Role.DEVELOPER,
            Role.SYSTEM,
            Role.USER,
            Role.ASSISTANT,
            Role.TOOL,
            Role.TOOL,
            Role.ASSISTANT);
    assertThat(messages.get(1).name()).isEqualTo("policy");

    MessageContent.Parts parts = (MessageContent.Parts) messages.get(2).content();
    assertThat(parts.parts())
        .containsSubsequence(
            new ContentPart.Image("https://example.com/cat.png", "high"),
            new ContentPart.Image("data:image/png;base64,iVBORw0KGgo=", null),
            new ContentPart.Audio("UklGRiQAAABXQVZF", "wav"));
    assertThat(parts.parts().get(4)).isInstanceOf(ContentPart.Other.class);
    assertThat(parts.text()).isEqualTo("What is in these images? Ünïcödé 日本語 🙂");

    Message assistant = messages.get(3);
    assertThat(assistant.content()).isNull();
    assertThat(assistant.reasoning()).isEqualTo("Need the weather first.");
    assertThat(assistant.toolCalls())
        .containsExactly(
            new ToolCall(
                "call_1", "function", "get_weather", "{\"city\":\"Paris\",\"unit\":\"c\"}"),
            new ToolCall("call_2", "function", "get_time", "{}"));
    assertThat(assistant.extensions().has("audio")).isTrue();

    assertThat(messages.get(4).toolCallId()).isEqualTo("call_1");
    assertThat(messages.get(4).text()).isEqualTo("{\"temp\": 21.5}");
    assertThat(messages.get(6).refusal()).isEqualTo("I cannot share the exact location.");
    assertThat(messages.get(6).extensions().path("x_vendor_annotation").path("tags")).hasSize(2);
  }

  @ParameterizedTest(name = "tool_choice {0}")
  @ValueSource(
      strings = {
        "\"auto\"",
        "\"none\"",
        "\"required\"",
        "{\"type\": \"allowed_tools\", \"allowed_tools\": {\"mode\": \"auto\","
            + " \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"f\"}}]}}"
      })
  void toolChoiceFormsRoundTrip(String toolChoice) {
    String body =
        """
        {"model": "m", "messages": [{"role": "user", "content": "hi"}],
         "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}],
         "tool_choice": %s}"""
            .formatted(toolChoice);

    assertSameJson(OpenAiRequestCodec.encodeChat(OpenAiRequestCodec.decodeChat(bytes(body))), body);
  }

  @ParameterizedTest(name = "response_format {0}")
  @ValueSource(strings = {"{\"type\": \"json_object\"}", "{\"type\": \"text\"}"})
  void simpleResponseFormatsRoundTrip(String format) {
    String body =
        "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}],"
            + " \"response_format\": "
            + format
            + "}";

    assertSameJson(OpenAiRequestCodec.encodeChat(OpenAiRequestCodec.decodeChat(bytes(body))), body);
  }

  @Test
  void minimalRequestEncodesNoDefaults() {
    String body = "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";

    assertSameJson(OpenAiRequestCodec.encodeChat(OpenAiRequestCodec.decodeChat(bytes(body))), body);
  }

  @Test
  void clientStreamOptionsAreKeptAndIncludeUsageIsWrittenExplicitly() {
    ChatRequest request =
        OpenAiRequestCodec.decodeChat(
            bytes(
                """
                {"model": "m", "messages": [], "stream": true,
                 "stream_options": {"include_obfuscation": false}}"""));

    byte[] encoded = OpenAiRequestCodec.encodeChat(request);

    assertSameJson(
        encoded,
        """
        {"model": "m", "messages": [], "stream": true,
         "stream_options": {"include_obfuscation": false, "include_usage": false}}""");
  }

  @Test
  void extensionNeverOverridesTypedField() {
    ChatRequest request =
        OpenAiRequestCodec.decodeChat(bytes("{\"model\":\"a\",\"messages\":[]}")).withModel("b");

    assertThat(tree(OpenAiRequestCodec.encodeChat(request)).path("model").asText()).isEqualTo("b");
  }

  @Test
  void messagesMustBeAnArray() {
    InvalidRequest e =
        catchThrowableOfType(
            InvalidRequest.class,
            () -> OpenAiRequestCodec.decodeChat(bytes("{\"model\":\"m\",\"messages\":{}}")));

    assertThat(e.param()).isEqualTo("messages");
  }

  @Test
  void unknownRoleNamesItsPath() {
    InvalidRequest e =
        catchThrowableOfType(
            InvalidRequest.class,
            () ->
                OpenAiRequestCodec.decodeChat(
                    bytes(
                        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
                            + "{\"role\":\"robot\",\"content\":\"b\"}]}")));

    assertThat(e.param()).isEqualTo("messages[1].role");
    assertThat(e.code()).isEqualTo("invalid_value");
    assertThat(e.getMessage()).contains("robot");
  }

  @Test
  void contentOfWrongTypeNamesItsPath() {
    InvalidRequest e =
        catchThrowableOfType(
            InvalidRequest.class,
            () ->
                OpenAiRequestCodec.decodeChat(
                    bytes("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":42}]}")));

    assertThat(e.param()).isEqualTo("messages[0].content");
  }

  @Test
  void malformedBodyIsInvalidJson() {
    InvalidRequest e =
        catchThrowableOfType(
            InvalidRequest.class, () -> OpenAiRequestCodec.decodeChat(bytes("{\"model\":")));

    assertThat(e.code()).isEqualTo("invalid_json");
  }

  @Test
  void embeddingRequestRoundTrips() {
    String body =
        """
        {"model": "text-embedding-3-small", "input": ["first", "second"],
         "encoding_format": "base64", "dimensions": 256, "user": "u-1"}""";

    EmbeddingRequest request = OpenAiRequestCodec.decodeEmbedding(bytes(body));

    assertThat(request.inputs()).containsExactly("first", "second");
    assertThat(request.encodingFormat()).isEqualTo("base64");
    assertThat(request.dimensions()).isEqualTo(256);
    assertSameJson(OpenAiRequestCodec.encodeEmbedding(request), body);
  }

  @Test
  void embeddingInputMustBeStringOrArray() {
    InvalidRequest e =
        catchThrowableOfType(
            InvalidRequest.class,
            () -> OpenAiRequestCodec.decodeEmbedding(bytes("{\"model\":\"m\",\"input\":{}}")));

    assertThat(e.param()).isEqualTo("input");
  }

  @Test
  void completionRequestRoundTrips() {
    String body =
        """
        {"model": "gpt-3.5-turbo-instruct", "prompt": "Say hi", "max_tokens": 7,
         "stream": true, "stream_options": {"include_usage": true}, "echo": true, "suffix": "."}""";

    CompletionRequest request = OpenAiRequestCodec.decodeCompletion(bytes(body));

    assertThat(request.prompts()).containsExactly("Say hi");
    assertThat(request.includeUsage()).isTrue();
    assertSameJson(OpenAiRequestCodec.encodeCompletion(request), body);
  }
}

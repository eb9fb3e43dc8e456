package dev.modelgate.codec;

import static dev.modelgate.testing.JsonTrees.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestScanTest {

  private static RequestScan.Result scan(String body, Operation operation) {
    return RequestScan.scan(bytes(body), operation);
  }

  private static InvalidRequest rejection(String body, Operation operation) {
    InvalidRequest e = catchThrowableOfType(InvalidRequest.class, () -> scan(body, operation));
    assertThat(e).as("expected InvalidRequest for %s", body).isNotNull();
    return e;
  }

  @Test
  void aBodyNestedDeeperThanTheLimitIsRefusedInTheSamePass() {
    String deep = "[".repeat(8) + "]".repeat(8); // nine levels with the object around it
    String body = "{\"model\":\"m\",\"messages\":[],\"metadata\":" + deep + "}";
    assertThat(RequestScan.scan(bytes(body), Operation.CHAT, 9).model()).isEqualTo("m");
    InvalidRequest tooDeep =
        catchThrowableOfType(
            InvalidRequest.class, () -> RequestScan.scan(bytes(body), Operation.CHAT, 8));
    assertThat(tooDeep).hasMessageContaining("deeper than 8 levels");
    assertThat(tooDeep.code()).isEqualTo("invalid_json");
    InvalidRequest deepArray =
        catchThrowableOfType(
            InvalidRequest.class, () -> RequestScan.scan(bytes(deep), Operation.CHAT, 7));
    assertThat(deepArray).as("a deep body that is not an object").hasMessageContaining("deeper");
  }

  @Test
  void readsModelStreamAndIncludeUsage() {
    RequestScan.Result result =
        scan(
            """
            {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}],
             "stream": true, "stream_options": {"include_usage": true}}""",
            Operation.CHAT);

    assertThat(result.model()).isEqualTo("gpt-4o");
    assertThat(result.stream()).isTrue();
    assertThat(result.includeUsage()).isTrue();
    assertThat(result.keys()).containsExactly("model", "messages", "stream", "stream_options");
  }

  @Test
  void theModelsSpanLetsItBeReplacedWithoutReadingTheBodyAgain() {
    String body = "{ \"messages\": [{\"model\": \"inner\"}],\n \"model\" :\"pub\\\"lic/\u00e9\" }";
    RequestScan.Result result = scan(body, Operation.CHAT);
    byte[] bytes = bytes(body);

    byte[] replaced =
        JsonSplice.replaceSpan(bytes, new int[] {result.modelStart(), result.modelEnd()}, "up");

    assertThat(result.model()).isEqualTo("pub\"lic/\u00e9");
    assertThat(new String(replaced, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            new String(
                JsonSplice.replaceTopLevelString(bytes, "model", "up"),
                java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"model\" :\"up\" }");
  }

  @ParameterizedTest(name = "{0} twice")
  @ValueSource(strings = {"model", "stream", "stream_options"})
  void aFieldTheGatewayReadsMayNotBeGivenTwice(String field) {
    String value = field.equals("model") ? "\"m\"" : field.equals("stream") ? "false" : "{}";
    InvalidRequest e =
        rejection(
            "{\"model\":\"m\",\"messages\":[],\"%s\":%s,\"%s\":%s}"
                .formatted(field, value, field, value),
            Operation.CHAT);

    assertThat(e.param()).isEqualTo(field);
    assertThat(e).hasMessageContaining("more than once");
  }

  @Test
  void defaultsWhenStreamFieldsAbsentOrNull() {
    RequestScan.Result absent = scan("{\"model\":\"m\",\"messages\":[]}", Operation.CHAT);
    RequestScan.Result nulls =
        scan(
            "{\"model\":\"m\",\"messages\":[],\"stream\":null,\"stream_options\":null}",
            Operation.CHAT);

    assertThat(absent.stream()).isFalse();
    assertThat(absent.includeUsage()).isFalse();
    assertThat(nulls.stream()).isFalse();
    assertThat(nulls.includeUsage()).isFalse();
  }

  @Test
  void includeUsageFalseAndOtherStreamOptionsIgnored() {
    RequestScan.Result result =
        scan(
            """
            {"model":"m","messages":[],"stream":true,
             "stream_options":{"other":{"deep":[1,{"include_usage":true}]},"include_usage":false}}""",
            Operation.CHAT);

    assertThat(result.stream()).isTrue();
    assertThat(result.includeUsage()).isFalse();
  }

  @Test
  void fieldOrderDoesNotMatter() {
    RequestScan.Result result =
        scan(
            """
            {"stream_options": {"include_usage": true}, "messages": [{"role":"user","content":"x"}],
             "stream": true, "temperature": 0.2, "model": "deepseek/deepseek-chat"}""",
            Operation.CHAT);

    assertThat(result.model()).isEqualTo("deepseek/deepseek-chat");
    assertThat(result.stream()).isTrue();
    assertThat(result.includeUsage()).isTrue();
  }

  @Test
  void nestedModelFieldsAreNotTheModel() {
    RequestScan.Result result =
        scan(
            """
            {"messages": [{"role": "user", "content": "x", "model": "wrong"}],
             "metadata": {"model": "wrong", "stream": "not a boolean"},
             "model": "right"}""",
            Operation.CHAT);

    assertThat(result.model()).isEqualTo("right");
    assertThat(result.stream()).isFalse();
  }

  @Test
  void listsUnknownFieldsInKeys() {
    RequestScan.Result result =
        scan(
            """
            {"model": "m", "seed": 1, "messages": [], "reasoning_effort": "low",
             "some_future_field": {"a": [1, 2]}, "metadata": {"k": "v"}}""",
            Operation.CHAT);

    assertThat(result.keys())
        .containsExactly(
            "model", "seed", "messages", "reasoning_effort", "some_future_field", "metadata");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "{\"messages\":[]}",
        "{\"model\":null,\"messages\":[]}",
        "{\"model\":\"\",\"messages\":[]}"
      })
  void missingModelNamesModel(String body) {
    InvalidRequest e = rejection(body, Operation.CHAT);

    assertThat(e.param()).isEqualTo("model");
    assertThat(e.code()).isEqualTo("missing_required_parameter");
  }

  @Test
  void modelOfWrongTypeNamesModel() {
    InvalidRequest e = rejection("{\"model\":{\"name\":\"m\"},\"messages\":[]}", Operation.CHAT);

    assertThat(e.param()).isEqualTo("model");
    assertThat(e.code()).isEqualTo("invalid_type");
  }

  @ParameterizedTest(name = "{0} needs {1}")
  @CsvSource({"CHAT, messages", "COMPLETION, prompt", "EMBEDDING, input"})
  void missingRequiredFieldIsNamed(Operation operation, String field) {
    InvalidRequest e = rejection("{\"model\":\"m\",\"other\":[]}", operation);

    assertThat(e.param()).isEqualTo(field);
    assertThat(e.code()).isEqualTo("missing_required_parameter");
    assertThat(e.getMessage()).contains("'" + field + "'");
  }

  @Test
  void requiredFieldOnlyCountsAtTopLevel() {
    InvalidRequest e = rejection("{\"model\":\"m\",\"extra\":{\"messages\":[]}}", Operation.CHAT);

    assertThat(e.param()).isEqualTo("messages");
  }

  @Test
  void eachOperationAcceptsItsOwnField() {
    assertThat(scan("{\"model\":\"m\",\"prompt\":\"p\"}", Operation.COMPLETION).model())
        .isEqualTo("m");
    assertThat(scan("{\"model\":\"m\",\"input\":[\"a\"]}", Operation.EMBEDDING).model())
        .isEqualTo("m");
  }

  @ParameterizedTest(name = "[{index}] body: {0}")
  @ValueSource(
      strings = {
        "",
        "   ",
        "{\"model\":\"m\",\"messages\":[}",
        "{\"model\":\"m\",\"messages\":[]",
        "{\"model\":\"m\" \"messages\":[]}",
        "{'model':'m','messages':[]}",
        "{\"model\":\"m\",\"messages\":[]} trailing",
        "{\"model\":\"m\",\"messages\":[]}{}",
        "{\"model\":\"m\",\"messages\":[]}]",
        "[{\"model\":\"m\",\"messages\":[]}]",
        "\"just a string\"",
        "42",
        "null"
      })
  void malformedOrNonObjectBodyIsUnparseable(String body) {
    InvalidRequest e = rejection(body, Operation.CHAT);

    assertThat(e.code()).isEqualTo("invalid_json");
    assertThat(e.param()).isNull();
    assertThat(e.getMessage()).isEqualTo(RequestScan.UNPARSEABLE);
  }

  @Test
  void trailingWhitespaceIsFine() {
    assertThat(scan("  {\"model\":\"m\",\"messages\":[]} \r\n\t", Operation.CHAT).model())
        .isEqualTo("m");
  }

  @ParameterizedTest(name = "stream: {0}")
  @ValueSource(strings = {"\"true\"", "1", "{}", "[true]"})
  void streamOfWrongTypeIsInvalid(String value) {
    InvalidRequest e =
        rejection("{\"model\":\"m\",\"messages\":[],\"stream\":" + value + "}", Operation.CHAT);

    assertThat(e.param()).isEqualTo("stream");
    assertThat(e.code()).isEqualTo("invalid_type");
  }

  @Test
  void streamOptionsOfWrongTypeIsInvalid() {
    InvalidRequest e =
        rejection("{\"model\":\"m\",\"messages\":[],\"stream_options\":true}", Operation.CHAT);

    assertThat(e.param()).isEqualTo("stream_options");
  }

  @Test
  void includeUsageOfWrongTypeIsInvalid() {
    InvalidRequest e =
        rejection(
            "{\"model\":\"m\",\"messages\":[],\"stream_options\":{\"include_usage\":\"yes\"}}",
            Operation.CHAT);

    assertThat(e.param()).isEqualTo("stream_options.include_usage");
  }

  @Test
  void malformedJsonWinsOverMissingModel() {
    InvalidRequest e = rejection("{\"messages\":[", Operation.CHAT);

    assertThat(e.code()).isEqualTo("invalid_json");
  }
}

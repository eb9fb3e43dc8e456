package dev.modelgate.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonSpliceTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void replacesOnlyTheTopLevelField() {
    String json =
        "{\"messages\":[{\"model\":\"inner\",\"content\":\"\\\"model\\\":\\\"x\\\"\"}],\"model\" : \"old \\\"quoted\\\" \\u00e9\",\"n\":1}";
    String out = s(JsonSplice.replaceTopLevelString(b(json), "model", "new/名"));
    assertThat(out)
        .isEqualTo(
            "{\"messages\":[{\"model\":\"inner\",\"content\":\"\\\"model\\\":\\\"x\\\"\"}],\"model\" : \"new/名\",\"n\":1}");
  }

  @Test
  void returnsTheSameArrayWhenAbsentOrEqual() {
    byte[] absent = b("{\"a\":1}");
    assertThat(JsonSplice.replaceTopLevelString(absent, "model", "m")).isSameAs(absent);
    byte[] equal = b("{\"model\":\"m\"}");
    assertThat(JsonSplice.replaceTopLevelString(equal, "model", "m")).isSameAs(equal);
  }

  @Test
  void malformedJsonIsRefused() {
    assertThatThrownBy(
            () -> JsonSplice.replaceTopLevelString(b("{\"model\":\"m\",\"x\":[1,}"), "model", "n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> JsonSplice.replaceTopLevelString(b("{\"model\":\"m\"} trailing"), "model", "n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void prependsAField() {
    assertThat(s(JsonSplice.prependField(b("  {\"a\":1}"), "s", "{\"x\":true}")))
        .isEqualTo("  {\"s\":{\"x\":true},\"a\":1}");
    assertThat(s(JsonSplice.prependField(b("{ }"), "s", "1"))).isEqualTo("{\"s\":1 }");
  }

  @Test
  void findsObjectAndStringFieldsButNotEscapedText() {
    byte[] quoted = b("\"usage\"");
    assertThat(JsonSplice.hasObjectField(b("{\"usage\" :  {\"a\":1}}"), quoted)).isTrue();
    assertThat(JsonSplice.hasObjectField(b("{\"usage\":null}"), quoted)).isFalse();
    assertThat(JsonSplice.hasObjectField(b("{\"content\":\"\\\"usage\\\":{\"}"), quoted)).isFalse();
    assertThat(JsonSplice.hasStringField(b("{\"error\": \"boom\"}"), b("\"error\""))).isTrue();
  }
}

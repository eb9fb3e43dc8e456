package dev.modelgate.codec;

import static dev.modelgate.testing.JsonTrees.assertSameJson;
import static dev.modelgate.testing.JsonTrees.bytes;
import static dev.modelgate.testing.JsonTrees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JsonSpliceTest {

  private static String text(byte[] json) {
    return new String(json, StandardCharsets.UTF_8);
  }

  @Nested
  class ReplaceTopLevelString {

    @Test
    void replacesOnlyTheTopLevelField() {
      String body =
          """
          {"messages":[{"role":"user","model":"nested","content":"use \\"model\\":\\"gpt-4o\\" please"},
                       {"role":"user","content":"model"}],
           "metadata":{"model":"gpt-4o"},
           "model":"gpt-4o",
           "stream":true}""";

      byte[] out = JsonSplice.replaceTopLevelString(bytes(body), "model", "deepseek-chat");

      String expected = body.replace("\"model\":\"gpt-4o\",\n", "\"model\":\"deepseek-chat\",\n");
      assertThat(expected).isNotEqualTo(body);
      assertThat(text(out)).isEqualTo(expected);
      assertThat(tree(out).path("metadata").path("model").asText()).isEqualTo("gpt-4o");
      assertThat(tree(out).path("messages").get(0).path("model").asText()).isEqualTo("nested");
    }

    @Test
    void keepsEveryOtherByteUnchanged() {
      String body = "{ \"model\" :  \"a\" , \"temperature\": 0.70, \"x\" : [1,2 ,3]}";

      byte[] out = JsonSplice.replaceTopLevelString(bytes(body), "model", "bbb");

      assertThat(text(out))
          .isEqualTo("{ \"model\" :  \"bbb\" , \"temperature\": 0.70, \"x\" : [1,2 ,3]}");
    }

    @Test
    void handlesEscapedQuotesInTheOldValue() {
      String body = "{\"model\":\"we\\\"ird\\\\\",\"n\":1}";

      byte[] out = JsonSplice.replaceTopLevelString(bytes(body), "model", "plain");

      assertThat(text(out)).isEqualTo("{\"model\":\"plain\",\"n\":1}");
    }

    @Test
    void handlesUnicodeEscapesInTheOldValue() {
      String body = "{\"model\":\"gpt\\u002D4o \\u0022q\\u0022\",\"n\":1}";

      byte[] out = JsonSplice.replaceTopLevelString(bytes(body), "model", "other");

      assertThat(text(out)).isEqualTo("{\"model\":\"other\",\"n\":1}");
    }

    @Test
    void findsTheFieldAfterMultiByteCharacters() {
      String body =
          "{\"messages\":[{\"role\":\"user\",\"content\":\"日本語 🙂 ünï\"}],\"model\":\"m\"}";

      byte[] out = JsonSplice.replaceTopLevelString(bytes(body), "model", "n");

      assertThat(text(out))
          .isEqualTo(
              "{\"messages\":[{\"role\":\"user\",\"content\":\"日本語 🙂 ünï\"}],\"model\":\"n\"}");
    }

    @Test
    void escapesTheNewValue() {
      byte[] out =
          JsonSplice.replaceTopLevelString(bytes("{\"model\":\"a\"}"), "model", "x\"y\\z\n");

      assertThat(tree(out).path("model").asText()).isEqualTo("x\"y\\z\n");
    }

    @Test
    void returnsTheSameArrayWhenEqual() {
      byte[] body = bytes("{\"model\":\"gpt-4o\",\"messages\":[]}");

      assertThat(JsonSplice.replaceTopLevelString(body, "model", "gpt-4o")).isSameAs(body);
    }

    @Test
    void returnsTheSameArrayWhenAbsentAtTopLevel() {
      byte[] body = bytes("{\"messages\":[{\"model\":\"x\"}],\"meta\":{\"model\":\"y\"}}");

      assertThat(JsonSplice.replaceTopLevelString(body, "model", "z")).isSameAs(body);
    }

    @Test
    void returnsTheSameArrayWhenNotAString() {
      byte[] body = bytes("{\"model\":{\"name\":\"x\"}}");
      byte[] nullModel = bytes("{\"model\":null}");

      assertThat(JsonSplice.replaceTopLevelString(body, "model", "z")).isSameAs(body);
      assertThat(JsonSplice.replaceTopLevelString(nullModel, "model", "z")).isSameAs(nullModel);
    }

    @Test
    void refusesNonObjectsAndBrokenJson() {
      byte[] array = bytes("[{\"model\":\"x\"}]");
      byte[] broken = bytes("{\"messages\":[,");

      assertThatThrownBy(() -> JsonSplice.replaceTopLevelString(array, "model", "z"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> JsonSplice.replaceTopLevelString(broken, "model", "z"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class PrependField {

    @Test
    void addsFirstFieldToObject() {
      byte[] out =
          JsonSplice.prependField(
              bytes("{\"model\":\"m\",\"stream\":true}"),
              "stream_options",
              "{\"include_usage\":true}");

      assertThat(text(out))
          .isEqualTo(
              "{\"stream_options\":{\"include_usage\":true},\"model\":\"m\",\"stream\":true}");
    }

    @Test
    void addsFieldToEmptyObjectWithoutTrailingComma() {
      assertThat(text(JsonSplice.prependField(bytes("{}"), "a", "1"))).isEqualTo("{\"a\":1}");
      assertThat(text(JsonSplice.prependField(bytes("{ \n }"), "a", "1")))
          .isEqualTo("{\"a\":1 \n }");
    }

    @Test
    void keepsLeadingWhitespace() {
      byte[] out = JsonSplice.prependField(bytes(" \r\n\t{\n  \"model\": \"m\"\n}\n"), "a", "[1]");

      assertThat(text(out)).isEqualTo(" \r\n\t{\"a\":[1],\n  \"model\": \"m\"\n}\n");
      assertSameJson(out, "{\"a\":[1],\"model\":\"m\"}");
    }

    @Test
    void quotesTheName() {
      byte[] out = JsonSplice.prependField(bytes("{}"), "we\"ird", "true");

      assertThat(tree(out).path("we\"ird").asBoolean()).isTrue();
    }

    @Test
    void rejectsNonObject() {
      assertThatThrownBy(() -> JsonSplice.prependField(bytes("[1,2]"), "a", "1"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class FieldProbes {
    private final byte[] usage = bytes("\"usage\"");
    private final byte[] error = bytes("\"error\"");

    @Test
    void objectFieldWithWhitespaceAroundColon() {
      assertThat(JsonSplice.hasObjectField(bytes("{\"usage\":{}}"), usage)).isTrue();
      assertThat(JsonSplice.hasObjectField(bytes("{\"usage\" \n:\t {\"a\":1}}"), usage)).isTrue();
      assertThat(JsonSplice.hasObjectField(bytes("{\"id\":1,\r\n \"usage\" : {}}"), usage))
          .isTrue();
    }

    @Test
    void objectFieldNeedsAnObjectValue() {
      assertThat(JsonSplice.hasObjectField(bytes("{\"usage\":null}"), usage)).isFalse();
      assertThat(JsonSplice.hasObjectField(bytes("{\"usage\" : \"x\"}"), usage)).isFalse();
      assertThat(JsonSplice.hasObjectField(bytes("{\"usage\":[{}]}"), usage)).isFalse();
    }

    @Test
    void objectFieldFoundAfterAnEarlierNonMatchingOccurrence() {
      byte[] json = bytes("{\"a\":\"usage\",\"usage\":null,\"b\":[\"usage\"],\"usage\" :{}}");

      assertThat(JsonSplice.hasObjectField(json, usage)).isTrue();
    }

    @Test
    void stringFieldWithWhitespaceAroundColon() {
      assertThat(JsonSplice.hasStringField(bytes("{\"error\":\"boom\"}"), error)).isTrue();
      assertThat(JsonSplice.hasStringField(bytes("{\"error\"  :  \"boom\"}"), error)).isTrue();
      assertThat(JsonSplice.hasStringField(bytes("{\"error\"\n:\n\"\"}"), error)).isTrue();
      assertThat(JsonSplice.hasStringField(bytes("{\"error\":{\"message\":\"x\"}}"), error))
          .isFalse();
    }

    @Test
    void noFalsePositiveForEscapedOccurrenceInsideString() {
      byte[] json =
          bytes(
              """
              {"choices":[{"delta":{"content":"say \\"error\\": \\"x\\" and \\"usage\\" : {}"}}]}""");

      assertThat(JsonSplice.hasStringField(json, error)).isFalse();
      assertThat(JsonSplice.hasObjectField(json, usage)).isFalse();
      assertThat(JsonSplice.contains(json, bytes("error"))).as("the text is there").isTrue();
    }

    @Test
    void noFalsePositiveForValueEqualToTheName() {
      byte[] json = bytes("{\"content\":\"error\",\"list\":[\"usage\", {}]}");

      assertThat(JsonSplice.hasStringField(json, error)).isFalse();
      assertThat(JsonSplice.hasObjectField(json, usage)).isFalse();
    }

    @Test
    void nameAtTheVeryEndIsNotAField() {
      assertThat(JsonSplice.hasObjectField(bytes("\"usage\""), usage)).isFalse();
      assertThat(JsonSplice.hasObjectField(bytes("\"usage\" :"), usage)).isFalse();
    }

    @Test
    void containsFindsBytes() {
      assertThat(JsonSplice.contains(bytes("abcabd"), bytes("abd"))).isTrue();
      assertThat(JsonSplice.contains(bytes("ab"), bytes("abc"))).isFalse();
    }
  }
}

package dev.modelgate.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.modelgate.model.InboundRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Byte-level edits of a JSON object for the relay fast path: change one top-level string value or
 * add one top-level field, without building a tree or re-serialising the rest of the body.
 */
public final class JsonSplice {
  private JsonSplice() {}

  /**
   * A request's body with its model replaced by {@code model}: at the span the request scan found,
   * or, for a request built without one, where a fresh read of the body finds it.
   */
  public static byte[] replaceModel(InboundRequest request, String model) {
    int[] span = request.modelSpan();
    return span == null
        ? replaceTopLevelString(request.body(), "model", model)
        : replaceSpan(request.body(), span, model);
  }

  /**
   * Returns {@code json} with the top-level string field {@code field} set to {@code value}; the
   * input itself when the field is absent, not a string, or already equal.
   *
   * @throws IllegalArgumentException when {@code json} is not one well-formed JSON object
   */
  public static byte[] replaceTopLevelString(byte[] json, String field, String value) {
    return replaceSpan(json, topLevelStringSpan(json, field), value);
  }

  /**
   * Returns {@code json} with the string at {@code span} (quotes included, as {@link
   * RelayScan#fields} finds it) set to {@code value}; the input itself when there is no span or the
   * value is already equal.
   */
  public static byte[] replaceSpan(byte[] json, int @Nullable [] span, String value) {
    if (span == null) {
      return json;
    }
    byte[] replacement = quoted(value);
    int start = span[0];
    int end = span[1];
    if (end - start == replacement.length
        && Arrays.equals(json, start, end, replacement, 0, replacement.length)) {
      return json;
    }
    byte[] out = new byte[json.length - (end - start) + replacement.length];
    System.arraycopy(json, 0, out, 0, start);
    System.arraycopy(replacement, 0, out, start, replacement.length);
    System.arraycopy(json, end, out, start + replacement.length, json.length - end);
    return out;
  }

  /** Adds {@code "name":rawValue} as the object's first field; {@code rawValue} must be JSON. */
  public static byte[] prependField(byte[] json, String name, String rawValue) {
    int open = 0;
    while (open < json.length && json[open] != '{') {
      open++;
    }
    if (open == json.length) {
      throw new IllegalArgumentException("not a JSON object");
    }
    int next = open + 1;
    while (next < json.length && isWhitespace(json[next])) {
      next++;
    }
    boolean empty = next < json.length && json[next] == '}';
    byte[] insert =
        (new String(quoted(name), StandardCharsets.UTF_8) + ":" + rawValue + (empty ? "" : ","))
            .getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[json.length + insert.length];
    System.arraycopy(json, 0, out, 0, open + 1);
    System.arraycopy(insert, 0, out, open + 1, insert.length);
    System.arraycopy(json, open + 1, out, open + 1 + insert.length, json.length - open - 1);
    return out;
  }

  /** Whether the top-level object has a field {@code "name":} followed by an object value. */
  public static boolean hasObjectField(byte[] json, byte[] quotedName) {
    return fieldFollowedBy(json, quotedName, (byte) '{');
  }

  /** Whether {@code "name":} is followed by a string value somewhere in the JSON. */
  public static boolean hasStringField(byte[] json, byte[] quotedName) {
    return fieldFollowedBy(json, quotedName, (byte) '"');
  }

  private static boolean fieldFollowedBy(byte[] json, byte[] quotedName, byte first) {
    int from = 0;
    while (true) {
      int at = indexOf(json, quotedName, from);
      if (at < 0) {
        return false;
      }
      int i = skipColon(json, at + quotedName.length);
      if (i > 0 && i < json.length && json[i] == first) {
        return true;
      }
      from = at + 1;
    }
  }

  /** Whether {@code needle} occurs in {@code haystack}. */
  public static boolean contains(byte[] haystack, byte[] needle) {
    return indexOf(haystack, needle, 0) >= 0;
  }

  private static int skipColon(byte[] json, int from) {
    int i = from;
    while (i < json.length && isWhitespace(json[i])) {
      i++;
    }
    if (i >= json.length || json[i] != ':') {
      return -1;
    }
    i++;
    while (i < json.length && isWhitespace(json[i])) {
      i++;
    }
    return i;
  }

  static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /**
   * The byte span of a top-level string field's value (quotes included), or null when absent or not
   * a string. Reads the whole document, so malformed JSON is always detected.
   *
   * @throws IllegalArgumentException when {@code json} is not one well-formed JSON object
   */
  private static int @Nullable [] topLevelStringSpan(byte[] json, String field) {
    int[] span = null;
    try (JsonParser parser = Json.factory().createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        boolean match = span == null && field.equals(parser.currentName());
        JsonToken valueToken = parser.nextToken();
        if (match && valueToken == JsonToken.VALUE_STRING) {
          int start = (int) parser.currentTokenLocation().getByteOffset();
          span = new int[] {start, endOfString(json, start)};
        }
        parser.skipChildren();
      }
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("content after the JSON object");
      }
      return span;
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
    }
  }

  static int endOfString(byte[] json, int openingQuote) {
    int i = openingQuote + 1;
    while (i < json.length) {
      byte b = json[i];
      if (b == '\\') {
        i += 2;
      } else if (b == '"') {
        return i + 1;
      } else {
        i++;
      }
    }
    throw new IllegalArgumentException("unterminated string");
  }

  private static byte[] quoted(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(value, out);
    return out.append('"').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }
}

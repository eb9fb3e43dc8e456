package dev.modelgate.policy.jsonmode;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Finds the JSON in what a model wrote: the whole text when it parses as is; otherwise the body of
 * a code fence or the outermost object or array, read leniently (trailing commas, single quotes,
 * unquoted keys, comments: Jackson's own read features) and, when the text was cut off, closed (an
 * open string, a dangling key or comma dropped, the open brackets closed).
 */
final class JsonRepair {
  private static final JsonMapper STRICT =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  private static final JsonMapper LENIENT =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
          .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
          .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .enable(JsonReadFeature.ALLOW_MISSING_VALUES)
          .build();
  private static final Pattern FENCE =
      Pattern.compile("```[a-zA-Z0-9_-]*\\s*\\n?(.*?)(?:```|$)", Pattern.DOTALL);

  /** The JSON found, and whether the text needed more than parsing as is. */
  record Found(JsonNode value, boolean repaired) {}

  private JsonRepair() {}

  static @Nullable Found find(String text) {
    JsonNode strict = parse(STRICT, text.strip());
    if (strict != null && strict.isContainerNode()) {
      return new Found(strict, false);
    }
    Matcher fence = FENCE.matcher(text);
    String inner = fence.find() ? fence.group(1) : text;
    int start = firstBracket(inner);
    if (start < 0) {
      return null;
    }
    String candidate = closed(inner.substring(start));
    JsonNode lenient = parse(LENIENT, candidate);
    return lenient != null && lenient.isContainerNode() ? new Found(lenient, true) : null;
  }

  private static int firstBracket(String text) {
    int brace = text.indexOf('{');
    int bracket = text.indexOf('[');
    if (brace < 0) {
      return bracket;
    }
    return bracket < 0 ? brace : Math.min(brace, bracket);
  }

  /**
   * The outermost value starting at index 0: cut after its closing bracket, or, when the text ends
   * inside it, completed.
   */
  static String closed(String text) {
    Deque<Character> open = new ArrayDeque<>();
    boolean inString = false;
    boolean escaped = false;
    char quote = '"';
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == quote) {
          inString = false;
        }
        continue;
      }
      switch (c) {
        case '"', '\'' -> {
          inString = true;
          quote = c;
        }
        case '{' -> open.push('}');
        case '[' -> open.push(']');
        case '}', ']' -> {
          open.poll();
          if (open.isEmpty()) {
            return text.substring(0, i + 1);
          }
        }
        default -> {}
      }
    }
    StringBuilder out = new StringBuilder(text);
    if (inString) {
      if (escaped) {
        out.setLength(out.length() - 1);
      }
      out.append(quote);
    }
    dropDanglingTail(out, open.isEmpty() ? ' ' : open.peek());
    while (!open.isEmpty()) {
      out.append(open.pop());
    }
    return out.toString();
  }

  /** Removes what cannot end a value: a trailing comma, a key without value (or gives it null). */
  private static void dropDanglingTail(StringBuilder out, char closer) {
    trimEnd(out);
    if (endsWith(out, ',')) {
      out.setLength(out.length() - 1);
      trimEnd(out);
    }
    if (endsWith(out, ':')) {
      out.append("null");
      return;
    }
    if (closer == '}' && endsWith(out, '"')) {
      // A string right after '{' or ',' is a key whose colon never came: drop it.
      int keyStart = out.lastIndexOf("\"", out.length() - 2);
      int before = keyStart - 1;
      while (before >= 0 && Character.isWhitespace(out.charAt(before))) {
        before--;
      }
      if (keyStart >= 0
          && before >= 0
          && (out.charAt(before) == ',' || out.charAt(before) == '{')) {
        out.setLength(out.charAt(before) == ',' ? before : before + 1);
      }
    }
  }

  private static boolean endsWith(StringBuilder out, char c) {
    return !out.isEmpty() && out.charAt(out.length() - 1) == c;
  }

  private static void trimEnd(StringBuilder out) {
    while (!out.isEmpty() && Character.isWhitespace(out.charAt(out.length() - 1))) {
      out.setLength(out.length() - 1);
    }
  }

  private static @Nullable JsonNode parse(JsonMapper mapper, String text) {
    try {
      return mapper.readTree(text);
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }
}

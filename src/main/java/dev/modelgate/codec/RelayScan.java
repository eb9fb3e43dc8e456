package dev.modelgate.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Reads what the relay needs of a relayed body (its {@code model}, {@code usage}, empty {@code
 * choices}) without building the rest of the tree.
 */
public final class RelayScan {
  private RelayScan() {}

  /**
   * What the relay needs of an OpenAI body, read in one pass that also proves it one well-formed
   * JSON object: the byte span of its top-level {@code model} string (quotes included), its
   * top-level {@code usage} object, and whether its {@code choices} is an empty array (the
   * usage-only last chunk).
   */
  public record Fields(
      int @Nullable [] modelSpan, @Nullable JsonNode usage, boolean emptyChoices) {}

  /**
   * The {@link Fields} of {@code json}.
   *
   * @throws IllegalArgumentException when {@code json} is not one well-formed JSON object
   */
  public static Fields fields(byte[] json) {
    int[] model = null;
    JsonNode usage = null;
    boolean emptyChoices = false;
    try (JsonParser parser = Json.factory().createParser(json)) {
      parser.setCodec(Json.MAPPER);
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("model") && model == null && value == JsonToken.VALUE_STRING) {
          int start = (int) parser.currentTokenLocation().getByteOffset();
          model = new int[] {start, JsonSplice.endOfString(json, start)};
        } else if (name.equals("usage") && usage == null && value == JsonToken.START_OBJECT) {
          usage = parser.readValueAsTree();
        } else if (name.equals("choices") && value == JsonToken.START_ARRAY) {
          emptyChoices = skipArray(parser);
          continue;
        }
        parser.skipChildren();
      }
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("content after the JSON object");
      }
      return new Fields(model, usage, emptyChoices);
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
    }
  }

  /** Skips the array the parser is at the start of; whether it had no element. */
  private static boolean skipArray(JsonParser parser) throws IOException {
    boolean empty = true;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      empty = false;
      parser.skipChildren();
    }
    return empty;
  }

  /**
   * The top-level field {@code field} as a tree, when it is an object; the rest is skipped unread.
   */
  public static @Nullable JsonNode topLevel(byte[] json, String field) {
    try (JsonParser parser = Json.factory().createParser(json)) {
      parser.setCodec(Json.MAPPER);
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals(field) && value == JsonToken.START_OBJECT) {
          return parser.readValueAsTree();
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }
}

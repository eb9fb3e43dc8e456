package dev.modelgate.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.model.Usage;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Reads the top-level {@code usage} of a relayed OpenAI body without building the rest of the tree.
 */
public final class RelayScan {
  private RelayScan() {}

  /** OpenAI usage: the top-level {@code usage} object, decoded. */
  public static @Nullable Usage usage(byte[] json) {
    return OpenAiUsageCodec.decode(topLevel(json, "usage"));
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

  /** Whether the top-level {@code choices} is an empty array (OpenAI's usage-only last chunk). */
  public static boolean hasEmptyChoices(byte[] json) {
    try (JsonParser parser = Json.factory().createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("choices")) {
          return value == JsonToken.START_ARRAY && parser.nextToken() == JsonToken.END_ARRAY;
        }
        parser.skipChildren();
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }
}

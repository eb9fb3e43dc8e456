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
public final class OpenAiRelayScan {
  private OpenAiRelayScan() {}

  public static @Nullable Usage usage(byte[] json) {
    try (JsonParser parser = Json.factory().createParser(json)) {
      parser.setCodec(Json.MAPPER);
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("usage") && value == JsonToken.START_OBJECT) {
          JsonNode usage = parser.readValueAsTree();
          return OpenAiUsageCodec.decode(usage);
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

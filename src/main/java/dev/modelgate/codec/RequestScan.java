package dev.modelgate.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.Operation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One streaming pass over a request body (OpenAI's or Anthropic's): checks that it is one
 * well-formed JSON object with the required fields, and reads what routing needs ({@code model},
 * {@code stream}, {@code stream_options.include_usage}) without building a tree.
 */
public final class RequestScan {
  static final String UNPARSEABLE =
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using"
          + " your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent"
          + " was not valid JSON.)";

  /**
   * What the scan found; {@code modelStart} and {@code modelEnd} are the byte span of the model's
   * string value, quotes included, so the model can be replaced without reading the body again.
   */
  public record Result(
      String model,
      boolean stream,
      boolean includeUsage,
      List<String> keys,
      int modelStart,
      int modelEnd) {}

  private RequestScan() {}

  /** The nesting limit of a scan that is given none (Jackson's own default). */
  static final int DEFAULT_MAX_DEPTH = 1000;

  /** Scans an OpenAI request of the given operation. */
  public static Result scan(byte[] body, Operation operation) {
    return scan(body, operation, DEFAULT_MAX_DEPTH);
  }

  /** Scans an OpenAI request of the given operation, nested at most {@code maxDepth} deep. */
  public static Result scan(byte[] body, Operation operation, int maxDepth) {
    return scan(body, List.of(requiredField(operation)), maxDepth);
  }

  /**
   * Scans a request that must have {@code model} and every field in {@code required}, and nest at
   * most {@code maxDepth} deep: deeper is refused as {@code invalid_json} in the same pass (a wrong
   * field type met before the deep part is reported instead).
   */
  public static Result scan(byte[] body, List<String> required, int maxDepth) {
    String model = null;
    int modelStart = -1;
    int modelEnd = -1;
    boolean stream = false;
    boolean includeUsage = false;
    List<String> keys = new ArrayList<>(12);
    try (JsonParser parser = JsonDepth.parser(body, maxDepth)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        parser.skipChildren(); // a deep array is refused for its depth, as any deep body
        throw new InvalidRequest(UNPARSEABLE, null, "invalid_json");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        refuseRepeated(keys, name);
        keys.add(name);
        JsonToken value = parser.nextToken();
        switch (name) {
          case "model" -> {
            model = expectString(parser, value, "model");
            if (model != null) {
              modelStart = (int) parser.currentTokenLocation().getByteOffset();
              modelEnd = JsonSplice.endOfString(body, modelStart);
            }
          }
          case "stream" -> stream = expectBoolean(value, "stream");
          case "stream_options" -> includeUsage = readIncludeUsage(parser, value);
          default -> parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw new InvalidRequest(UNPARSEABLE, null, "invalid_json");
      }
    } catch (StreamConstraintsException e) {
      throw JsonDepth.tooDeep(maxDepth);
    } catch (IOException e) {
      throw new InvalidRequest(UNPARSEABLE, null, "invalid_json");
    }
    if (model == null || model.isEmpty()) {
      throw new InvalidRequest(
          "you must provide a model parameter", "model", "missing_required_parameter");
    }
    for (String field : required) {
      if (!keys.contains(field)) {
        throw new InvalidRequest(
            "Missing required parameter: '" + field + "'.", field, "missing_required_parameter");
      }
    }
    return new Result(model, stream, includeUsage, keys, modelStart, modelEnd);
  }

  /**
   * A field the gateway reads given twice is refused: the gateway would route by one value while an
   * upstream's parser might take the other (which of them JSON leaves open).
   */
  private static void refuseRepeated(List<String> keys, String name) {
    boolean read = name.equals("model") || name.equals("stream") || name.equals("stream_options");
    if (read && keys.contains(name)) {
      throw new InvalidRequest("The field '" + name + "' is given more than once.", name);
    }
  }

  private static String requiredField(Operation operation) {
    return switch (operation) {
      case CHAT -> "messages";
      case COMPLETION -> "prompt";
      case EMBEDDING -> "input";
      case RERANK -> "query";
      case COUNT_TOKENS -> "messages";
    };
  }

  private static @Nullable String expectString(JsonParser parser, JsonToken value, String field)
      throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_STRING) {
      parser.skipChildren();
      throw invalidType(field, "a string");
    }
    return parser.getText();
  }

  private static boolean expectBoolean(JsonToken value, String field) {
    return switch (value) {
      case VALUE_TRUE -> true;
      case VALUE_FALSE, VALUE_NULL -> false;
      default -> throw invalidType(field, "a boolean");
    };
  }

  private static boolean readIncludeUsage(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return false;
    }
    if (value != JsonToken.START_OBJECT) {
      parser.skipChildren();
      throw invalidType("stream_options", "an object");
    }
    boolean include = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken inner = parser.nextToken();
      if (name.equals("include_usage")) {
        include = expectBoolean(inner, "stream_options.include_usage");
      } else {
        parser.skipChildren();
      }
    }
    return include;
  }

  private static InvalidRequest invalidType(String field, String expected) {
    return new InvalidRequest(
        "Invalid type for '" + field + "': expected " + expected + ".", field, "invalid_type");
  }
}

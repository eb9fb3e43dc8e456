package dev.modelgate.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.error.InvalidRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * OpenAI carries tool-call arguments as a JSON string; Anthropic and Gemini as an object. These
 * convert the one into the other.
 */
public final class ToolArguments {
  private ToolArguments() {}

  /**
   * The arguments a client sent, as an object; arguments that are not JSON are the client's error.
   */
  public static JsonNode fromClient(String arguments, String toolName) {
    try {
      return parse(arguments);
    } catch (IOException e) {
      throw new InvalidRequest(
          "tool_calls arguments of '" + toolName + "' are not valid JSON", "messages");
    }
  }

  /** The arguments a model produced, as an object; broken JSON is kept as {@code {"_raw": ...}}. */
  public static JsonNode fromModel(String arguments) {
    try {
      return parse(arguments);
    } catch (IOException e) {
      return Json.object().put("_raw", arguments);
    }
  }

  private static JsonNode parse(String arguments) throws IOException {
    if (arguments.isBlank()) {
      return Json.object();
    }
    JsonNode input = Json.parse(arguments.getBytes(StandardCharsets.UTF_8));
    return input.isObject() ? input : Json.object().set("value", input);
  }
}

package dev.modelgate.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's {@code response_format} as the grammar TGI's Messages API takes in its place: {@code
 * {"type":"json","value":<JSON schema>}}. TGI reads the field as its own tagged grammar type
 * ({@code json}, alias {@code json_object} since 2.1; {@code regex}; {@code json_schema} with a
 * {@code value} since 3.3), so OpenAI's {@code {"type":"json_object"}} without a value and its
 * {@code json_schema} wrapper are both refused there. {@code json} is understood by every version
 * with grammars (1.4.3 on).
 */
final class TgiGrammar {
  private TgiGrammar() {}

  /** The grammar for a client's format; null for free text (the field is then left out). */
  static @Nullable JsonNode of(ObjectNode format) {
    if (format.has("value")) {
      return format; // already TGI's own grammar, from a client that knows TGI
    }
    return switch (format.path("type").asText()) {
      case "json_object" -> json(Json.object().put("type", "object"));
      case "json_schema" -> {
        JsonNode schema = format.path("json_schema").get("schema");
        yield json(schema != null ? schema : Json.object().put("type", "object"));
      }
      default -> null;
    };
  }

  private static ObjectNode json(JsonNode schema) {
    ObjectNode grammar = Json.object().put("type", "json");
    grammar.set("value", schema);
    return grammar;
  }
}

package dev.modelgate.policy.jsonmode;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.modelgate.model.ResponseFormat;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the client's {@code response_format} asks of the answer: any JSON object ({@code
 * json_object}), or a value valid against a JSON Schema ({@code json_schema}, draft 2020-12 unless
 * the schema names another with {@code $schema}).
 */
final class JsonExpectation {
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private final @Nullable JsonSchema schema;
  private final @Nullable JsonNode schemaJson;

  private JsonExpectation(@Nullable JsonNode schemaJson) {
    this.schemaJson = schemaJson;
    this.schema = schemaJson == null ? null : FACTORY.getSchema(schemaJson);
  }

  /** The expectation of a JSON format, or null for a format that asks for no JSON. */
  static @Nullable JsonExpectation of(@Nullable ResponseFormat format) {
    return switch (format) {
      case ResponseFormat.JsonObject o -> new JsonExpectation(null);
      case ResponseFormat.JsonSchema s -> new JsonExpectation(s.schema());
      case null, default -> null;
    };
  }

  /** The schema the answer must meet, or null when any object will do. */
  @Nullable JsonNode schemaJson() {
    return schemaJson;
  }

  /** Why {@code value} does not meet the expectation; empty when it does. */
  List<String> problems(JsonNode value) {
    if (schema == null) {
      return value.isObject() ? List.of() : List.of("$: the answer must be a JSON object");
    }
    Set<ValidationMessage> messages = schema.validate(value);
    return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
  }
}

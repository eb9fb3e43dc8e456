package dev.modelgate.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/** The output format the client asked for. */
public sealed interface ResponseFormat {

  /** Free text (the default). */
  record Text() implements ResponseFormat {}

  /** Any valid JSON object. */
  record JsonObject() implements ResponseFormat {}

  /** JSON that validates against a schema. */
  record JsonSchema(
      String name,
      @Nullable String description,
      @Nullable JsonNode schema,
      @Nullable Boolean strict)
      implements ResponseFormat {}
}

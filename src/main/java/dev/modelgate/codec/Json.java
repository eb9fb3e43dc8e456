package dev.modelgate.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/** The one JSON configuration of the gateway, and small tree helpers. */
public final class Json {
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxStringLength(256 * 1024 * 1024).build())
          .build();

  /** Shared, thread-safe mapper. Keeps floating-point values exactly as sent. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder(FACTORY)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  private Json() {}

  public static JsonFactory factory() {
    return FACTORY;
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Parses bytes to a tree; a syntax error is an {@link IOException} the caller maps. */
  public static JsonNode parse(byte[] json) throws IOException {
    return MAPPER.readTree(json);
  }

  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  public static @Nullable Integer integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isNumber() ? null : value.intValue();
  }

  public static @Nullable Long longValue(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isNumber() ? null : value.longValue();
  }

  public static @Nullable Double decimal(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isNumber() ? null : value.doubleValue();
  }

  public static @Nullable Boolean bool(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isBoolean() ? null : value.booleanValue();
  }

  /** The fields of {@code node} not in {@code known}, or null when there are none. */
  public static @Nullable ObjectNode rest(JsonNode node, java.util.Set<String> known) {
    ObjectNode rest = null;
    for (var entry : node.properties()) {
      if (!known.contains(entry.getKey())) {
        if (rest == null) {
          rest = object();
        }
        rest.set(entry.getKey(), entry.getValue());
      }
    }
    return rest;
  }

  /** Copies every extension field into {@code target} unless the target already has it. */
  public static void merge(ObjectNode target, @Nullable ObjectNode extensions) {
    if (extensions == null) {
      return;
    }
    for (var entry : extensions.properties()) {
      if (!target.has(entry.getKey())) {
        target.set(entry.getKey(), entry.getValue());
      }
    }
  }
}

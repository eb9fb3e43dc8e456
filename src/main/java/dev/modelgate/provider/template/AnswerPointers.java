package dev.modelgate.provider.template;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where a service puts the parts of its answer, as JSON pointers (RFC 6901) into its JSON body or
 * into each stream event. Only {@code text} is required; the empty pointer is the whole body (a
 * service that returns a bare string).
 */
record AnswerPointers(
    JsonPointer text,
    @Nullable JsonPointer finishReason,
    @Nullable JsonPointer promptTokens,
    @Nullable JsonPointer completionTokens,
    @Nullable JsonPointer error) {

  static final Set<String> KEYS =
      Set.of("text", "finish_reason", "prompt_tokens", "completion_tokens", "error");

  static AnswerPointers parse(JsonNode node, String where, String defaultText) {
    return new AnswerPointers(
        java.util.Objects.requireNonNull(pointer(node, "text", where, defaultText)),
        pointer(node, "finish_reason", where, null),
        pointer(node, "prompt_tokens", where, null),
        pointer(node, "completion_tokens", where, null),
        pointer(node, "error", where, null));
  }

  /** The value at a pointer, or null when the pointer is unset or leads nowhere or to null. */
  static @Nullable JsonNode at(JsonNode root, @Nullable JsonPointer pointer) {
    if (pointer == null) {
      return null;
    }
    JsonNode value = root.at(pointer);
    return value.isMissingNode() || value.isNull() ? null : value;
  }

  private static @Nullable JsonPointer pointer(
      JsonNode node, String key, String where, @Nullable String fallback) {
    JsonNode value = node.get(key);
    String text = value == null ? fallback : value.asText();
    if (text == null) {
      return null;
    }
    try {
      return JsonPointer.compile(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          where + "." + key + ": '" + text + "' is not a JSON pointer (write /field/0/inner)");
    }
  }
}

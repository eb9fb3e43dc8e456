package dev.modelgate.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Which kinds of OpenAI's {@code tool_choice} a server takes ({@code auto}, {@code none}, {@code
 * required}, a named {@code function}), and the request rewritten for one it does not: Zhipu GLM
 * takes only {@code auto}, Moonshot no {@code required}. A named function becomes {@code auto} with
 * that function the only tool (the model may then call no other); {@code none} leaves out the tools
 * (none can be called); {@code required} becomes {@code auto}, the nearest such a server has.
 */
final class ToolChoiceSupport {
  static final Set<String> ALL = Set.of("auto", "none", "required", "function");

  private ToolChoiceSupport() {}

  /** The kinds named in a dialect's {@code tool_choices} option, each checked. */
  static Set<String> of(JsonNode names) {
    Set<String> kinds =
        StreamSupport.stream(names.spliterator(), false)
            .map(n -> n.asText().toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    for (String kind : kinds) {
      if (!ALL.contains(kind)) {
        throw new IllegalArgumentException(
            "tool_choices: unknown kind '"
                + kind
                + "'; known: "
                + Arrays.toString(ALL.stream().sorted().toArray()));
      }
    }
    return kinds;
  }

  /** The kind of a request's {@code tool_choice}; null when it has none (or one not known). */
  static @Nullable String kind(@Nullable JsonNode choice) {
    if (choice == null) {
      return null;
    }
    if (choice.isTextual()) {
      return choice.asText();
    }
    return choice.isObject() ? "function" : null;
  }

  /** Rewrites {@code body}'s {@code tool_choice} if {@code accepted} does not include its kind. */
  static void adapt(ObjectNode body, Set<String> accepted) {
    String kind = kind(body.get("tool_choice"));
    if (kind == null || accepted.contains(kind)) {
      return;
    }
    switch (kind) {
      case "none" -> {
        body.remove("tool_choice");
        body.remove("tools");
        body.remove("parallel_tool_calls");
        return;
      }
      case "function" -> keepOnly(body, body.path("tool_choice").path("function").path("name"));
      default -> {
        // required (or a kind this version does not know): the server's own default
      }
    }
    if (accepted.contains("auto")) {
      body.put("tool_choice", "auto");
    } else {
      body.remove("tool_choice");
    }
  }

  private static void keepOnly(ObjectNode body, JsonNode name) {
    if (!(body.get("tools") instanceof ArrayNode tools) || !name.isTextual()) {
      return;
    }
    ArrayNode kept = tools.arrayNode();
    for (JsonNode tool : tools) {
      if (name.asText().equals(tool.path("function").path("name").asText(null))) {
        kept.add(tool);
      }
    }
    if (!kept.isEmpty()) {
      body.set("tools", kept);
    }
  }
}

package dev.modelgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A cursor over the configuration tree that knows its path, so every problem names where it is
 * ({@code routes[2].targets[0].upstream: ...}). Problems are collected, not thrown, so one check
 * reports all of them.
 */
final class ConfigNode {
  private final JsonNode node;
  private final String path;
  private final List<String> problems;

  ConfigNode(JsonNode node, String path, List<String> problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  String path() {
    return path;
  }

  JsonNode raw() {
    return node;
  }

  boolean has(String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  void problem(String message) {
    problems.add((path.isEmpty() ? "" : path + ": ") + message);
  }

  /** Reports every field not in {@code known}. */
  void allowOnly(Set<String> known) {
    if (!node.isObject()) {
      return;
    }
    for (String name : iterable(node.fieldNames())) {
      if (!known.contains(name)) {
        child(name)
            .problem("unknown field (expected one of " + new java.util.TreeSet<>(known) + ")");
      }
    }
  }

  ConfigNode child(String field) {
    JsonNode value = node.get(field);
    String childPath = path.isEmpty() ? field : path + "." + field;
    return new ConfigNode(value == null ? MissingNode.getInstance() : value, childPath, problems);
  }

  /** The object at {@code field}, or an empty one; reports a value that is not an object. */
  ConfigNode object(String field) {
    ConfigNode child = child(field);
    if (child.node.isMissingNode() || child.node.isNull()) {
      return new ConfigNode(
          com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(),
          child.path,
          problems);
    }
    if (!child.node.isObject()) {
      child.problem("must be a mapping");
      return new ConfigNode(
          com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(),
          child.path,
          problems);
    }
    return child;
  }

  List<ConfigNode> list(String field) {
    ConfigNode child = child(field);
    List<ConfigNode> out = new ArrayList<>();
    if (child.node.isMissingNode() || child.node.isNull()) {
      return out;
    }
    if (!child.node.isArray()) {
      child.problem("must be a list");
      return out;
    }
    for (int i = 0; i < child.node.size(); i++) {
      out.add(new ConfigNode(child.node.get(i), child.path + "[" + i + "]", problems));
    }
    return out;
  }

  @Nullable String optionalString(String field) {
    ConfigNode child = child(field);
    if (child.node.isMissingNode() || child.node.isNull()) {
      return null;
    }
    if (!child.node.isValueNode()) {
      child.problem("must be a text value");
      return null;
    }
    return child.node.asText();
  }

  String string(String field, String fallback) {
    String value = optionalString(field);
    return value == null ? fallback : value;
  }

  String requiredString(String field) {
    String value = optionalString(field);
    if (value == null || value.isBlank()) {
      child(field).problem("is required");
      return "";
    }
    return value;
  }

  List<String> strings(String field, List<String> fallback) {
    ConfigNode child = child(field);
    if (child.node.isMissingNode() || child.node.isNull()) {
      return fallback;
    }
    if (child.node.isTextual()) {
      return List.of(child.node.asText());
    }
    List<String> out = new ArrayList<>();
    for (ConfigNode item : list(field)) {
      out.add(item.node.asText());
    }
    return out;
  }

  int integer(String field, int fallback, int min, int max) {
    ConfigNode child = child(field);
    if (child.node.isMissingNode() || child.node.isNull()) {
      return fallback;
    }
    JsonNode value = child.node;
    if (value.isTextual()) {
      try {
        value =
            com.fasterxml.jackson.databind.node.IntNode.valueOf(
                Integer.parseInt(value.asText().strip()));
      } catch (NumberFormatException e) {
        child.problem("must be a whole number");
        return fallback;
      }
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      child.problem("must be a whole number");
      return fallback;
    }
    int n = value.intValue();
    if (n < min || n > max) {
      child.problem("must be between " + min + " and " + max + ", not " + n);
      return fallback;
    }
    return n;
  }

  /** A number (also written as text, as an interpolated variable is) within [min, max]. */
  double decimal(String field, double fallback, double min, double max) {
    ConfigNode child = child(field);
    if (child.node.isMissingNode() || child.node.isNull()) {
      return fallback;
    }
    double value;
    try {
      value =
          child.node.isNumber()
              ? child.node.doubleValue()
              : Double.parseDouble(child.node.asText().strip());
    } catch (NumberFormatException e) {
      child.problem("must be a number");
      return fallback;
    }
    if (!(value >= min && value <= max)) {
      child.problem("must be between " + min + " and " + max + ", not " + value);
      return fallback;
    }
    return value;
  }

  long bytes(String field, long fallback) {
    String value = optionalString(field);
    if (value == null) {
      return fallback;
    }
    try {
      return Sizes.parse(value);
    } catch (IllegalArgumentException e) {
      child(field).problem(String.valueOf(e.getMessage()));
      return fallback;
    }
  }

  boolean bool(String field, boolean fallback) {
    ConfigNode child = child(field);
    if (child.node.isMissingNode() || child.node.isNull()) {
      return fallback;
    }
    if (child.node.isBoolean()) {
      return child.node.booleanValue();
    }
    String text = child.node.asText();
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    child.problem("must be true or false");
    return fallback;
  }

  Duration duration(String field, Duration fallback) {
    String value = optionalString(field);
    if (value == null) {
      return fallback;
    }
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      child(field).problem(String.valueOf(e.getMessage()));
      return fallback;
    }
  }

  @Nullable URI uri(String field, Set<String> schemes) {
    String value = optionalString(field);
    return value == null ? null : child(field).uriOf(value, schemes);
  }

  /** {@code value} read as an absolute URL of one of {@code schemes}, or null after a problem. */
  @Nullable URI uriOf(String value, Set<String> schemes) {
    try {
      URI uri = new URI(value.strip());
      if (uri.getScheme() == null
          || !schemes.contains(uri.getScheme().toLowerCase(java.util.Locale.ROOT))
          || uri.getHost() == null) {
        problem(
            "must be an absolute URL with scheme "
                + new java.util.TreeSet<>(schemes) // sorted: Set.of has no fixed order
                + ", not '"
                + value
                + "'");
        return null;
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      problem("is not a valid URL: " + e.getMessage());
      return null;
    }
  }

  /** The entries of the mapping at {@code field}, each a node with its own path. */
  Map<String, ConfigNode> entries(String field) {
    Map<String, ConfigNode> out = new LinkedHashMap<>();
    ConfigNode map = object(field);
    for (var entry : map.node.properties()) {
      out.put(entry.getKey(), map.child(entry.getKey()));
    }
    return out;
  }

  /** An exact decimal of at least zero (also written as text), or null when absent. */
  java.math.@Nullable BigDecimal amount(String field) {
    ConfigNode child = child(field);
    if (child.node.isMissingNode() || child.node.isNull()) {
      return null;
    }
    try {
      java.math.BigDecimal value =
          child.node.isNumber()
              ? child.node.decimalValue()
              : new java.math.BigDecimal(child.node.asText().strip());
      if (value.signum() < 0) {
        child.problem("must not be negative");
        return null;
      }
      return value;
    } catch (NumberFormatException e) {
      child.problem("must be a number");
      return null;
    }
  }

  Map<String, String> stringMap(String field) {
    Map<String, String> out = new LinkedHashMap<>();
    ConfigNode map = object(field);
    for (var entry : map.node.properties()) {
      out.put(entry.getKey(), entry.getValue().asText());
    }
    return out;
  }

  /** The fields not in {@code common}, as an object: provider-specific options. */
  ObjectNode rest(Set<String> common) {
    ObjectNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    for (var entry : node.properties()) {
      if (!common.contains(entry.getKey())) {
        out.set(entry.getKey(), entry.getValue());
      }
    }
    return out;
  }

  <T> List<T> each(String field, Function<ConfigNode, T> read) {
    List<T> out = new ArrayList<>();
    for (ConfigNode item : list(field)) {
      if (!item.node.isObject()) {
        item.problem("must be a mapping");
        continue;
      }
      out.add(read.apply(item));
    }
    return out;
  }

  private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
    return () -> iterator;
  }
}

package dev.modelgate.provider.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Fills a JSON template with request variables. A string that is exactly {@code {{name}}} becomes
 * the variable's JSON value (a number stays a number), and its field is left out when the request
 * has no such value, so the service's own default applies; {@code {{name}}} inside a longer string
 * is replaced by the value's text.
 */
final class JsonTemplate {
  private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTemplate() {}

  /** The filled template, or null when it is a single variable the request has no value for. */
  static @Nullable JsonNode render(JsonNode template, ObjectNode variables) {
    if (template.isTextual()) {
      return renderString(template.asText(), variables);
    }
    if (template.isObject()) {
      ObjectNode out = NODES.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode value = render(field.getValue(), variables);
        if (value != null) {
          out.set(field.getKey(), value);
        }
      }
      return out;
    }
    if (template.isArray()) {
      ArrayNode out = NODES.arrayNode();
      for (JsonNode element : template) {
        JsonNode value = render(element, variables);
        if (value != null) {
          out.add(value);
        }
      }
      return out;
    }
    return template;
  }

  private static @Nullable JsonNode renderString(String text, ObjectNode variables) {
    Matcher whole = VARIABLE.matcher(text);
    if (whole.matches()) {
      JsonNode value = variables.get(whole.group(1));
      return value == null || value.isNull() ? null : value;
    }
    return TextNode.valueOf(interpolate(text, variables));
  }

  /** {@code text} with every variable replaced by its text; a missing one by nothing. */
  static String interpolate(String text, ObjectNode variables) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 64);
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(textOf(variables.get(m.group(1)))));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String textOf(@Nullable JsonNode value) {
    if (value == null || value.isNull()) {
      return "";
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }

  /** The variable names a template string uses, for validating configuration. */
  static java.util.List<String> variablesIn(String text) {
    java.util.List<String> names = new java.util.ArrayList<>();
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}

package dev.modelgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in every text value of the parsed tree
 * (after parsing, so a variable can never inject YAML structure). As in a shell, the default also
 * replaces a variable that is set but empty. {@code $$} stands for a literal {@code $}.
 */
final class EnvInterpolation {
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private EnvInterpolation() {}

  static void apply(
      JsonNode node, String path, Function<String, @Nullable String> env, List<String> problems) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> entry : object.properties()) {
        String childPath = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
        if (entry.getValue().isTextual()) {
          object.set(
              entry.getKey(),
              TextNode.valueOf(expand(entry.getValue().asText(), childPath, env, problems)));
        } else {
          apply(entry.getValue(), childPath, env, problems);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        String childPath = path + "[" + i + "]";
        if (array.get(i).isTextual()) {
          array.set(i, TextNode.valueOf(expand(array.get(i).asText(), childPath, env, problems)));
        } else {
          apply(array.get(i), childPath, env, problems);
        }
      }
    }
  }

  private static String expand(
      String text, String path, Function<String, @Nullable String> env, List<String> problems) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        String value = env.apply(m.group(1));
        if (m.group(2) != null && (value == null || value.isEmpty())) {
          value = m.group(2);
        }
        if (value == null) {
          problems.add(path + ": environment variable " + m.group(1) + " is not set");
          value = "";
        }
        replacement = value;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}

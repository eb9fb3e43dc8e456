package dev.modelgate.model;

import java.util.List;

/**
 * A model name, or a prefix ending in {@code *} ({@code *} alone: every model), as key allowlists
 * rate limits and upstream dialects name models.
 */
public final class ModelPattern {
  private ModelPattern() {}

  public static boolean isPrefix(String pattern) {
    return pattern.endsWith("*");
  }

  /** Whether any of {@code patterns} matches {@code model}. */
  public static boolean matchesAny(List<String> patterns, String model) {
    for (String pattern : patterns) {
      if (matches(pattern, model)) {
        return true;
      }
    }
    return false;
  }

  public static boolean matches(String pattern, String model) {
    return isPrefix(pattern)
        ? model.startsWith(pattern.substring(0, pattern.length() - 1))
        : pattern.equals(model);
  }
}

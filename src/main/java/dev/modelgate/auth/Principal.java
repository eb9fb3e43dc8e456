package dev.modelgate.auth;

import java.util.List;

/**
 * Who is calling: the key's id (never the key), its name, and the models it may use. A pattern is a
 * model name, or a prefix ending in {@code *}; {@code *} alone allows every model.
 */
public record Principal(String keyId, String name, List<String> modelPatterns) {
  public Principal {
    modelPatterns = List.copyOf(modelPatterns);
  }

  public boolean mayUse(String model) {
    for (String pattern : modelPatterns) {
      if (pattern.endsWith("*")
          ? model.startsWith(pattern.substring(0, pattern.length() - 1))
          : pattern.equals(model)) {
        return true;
      }
    }
    return false;
  }
}

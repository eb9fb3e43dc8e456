package dev.modelgate.auth;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling: the key's id (never the key), its name, the models it may use, and, for keys from
 * the store, its owner, team and limits. A pattern is a model name, or a prefix ending in {@code
 * *}; {@code *} alone allows every model.
 */
public record Principal(
    String keyId,
    String name,
    List<String> modelPatterns,
    @Nullable String owner,
    @Nullable String team,
    KeyLimits limits) {
  public Principal {
    modelPatterns = List.copyOf(modelPatterns);
  }

  /** A key of the configuration file: no owner, team or limits. */
  public Principal(String keyId, String name, List<String> modelPatterns) {
    this(keyId, name, modelPatterns, null, null, KeyLimits.NONE);
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

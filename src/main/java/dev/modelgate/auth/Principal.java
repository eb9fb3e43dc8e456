package dev.modelgate.auth;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling: the key's id (never the key), its name, the models it may use, and, for keys from
 * the store, its owner, team and limits; for a JWT, its user (owner), team and scopes. A pattern is
 * a model name, or a prefix ending in {@code *}; {@code *} alone allows every model.
 */
public record Principal(
    String keyId,
    String name,
    List<String> modelPatterns,
    @Nullable String owner,
    @Nullable String team,
    KeyLimits limits,
    List<String> scopes) {
  public Principal {
    modelPatterns = List.copyOf(modelPatterns);
    scopes = List.copyOf(scopes);
  }

  /** A key: no scopes (scopes come from a JWT). */
  public Principal(
      String keyId,
      String name,
      List<String> modelPatterns,
      @Nullable String owner,
      @Nullable String team,
      KeyLimits limits) {
    this(keyId, name, modelPatterns, owner, team, limits, List.of());
  }

  /** A key of the configuration file: no owner, team or limits. */
  public Principal(String keyId, String name, List<String> modelPatterns) {
    this(keyId, name, modelPatterns, null, null, KeyLimits.NONE);
  }

  public boolean mayUse(String model) {
    for (String pattern : modelPatterns) {
      if (ModelPattern.matches(pattern, model)) {
        return true;
      }
    }
    return false;
  }
}

package dev.modelgate.auth;

import dev.modelgate.model.ModelPattern;
import dev.modelgate.model.Operation;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling: the key's id (never the key), its name, the models it may use, and, for keys from
 * the store, its owner, team and limits; for a JWT, its user (owner), team, scopes and the
 * operations they let it call (every operation for a key). A pattern is a model name, or a prefix
 * ending in {@code *}; {@code *} alone allows every model.
 */
public record Principal(
    String keyId,
    String name,
    List<String> modelPatterns,
    @Nullable String owner,
    @Nullable String team,
    KeyLimits limits,
    List<String> scopes,
    Set<Operation> operations) {
  public Principal {
    modelPatterns = List.copyOf(modelPatterns);
    scopes = List.copyOf(scopes);
    operations = Set.copyOf(operations); // the shared ALL_OPERATIONS comes back as it is
  }

  /** Every operation: what a key may call (built once; a key is authenticated per request). */
  public static final Set<Operation> ALL_OPERATIONS = Set.of(Operation.values());

  /** A key: no scopes (scopes come from a JWT), every operation. */
  public Principal(
      String keyId,
      String name,
      List<String> modelPatterns,
      @Nullable String owner,
      @Nullable String team,
      KeyLimits limits) {
    this(keyId, name, modelPatterns, owner, team, limits, List.of(), ALL_OPERATIONS);
  }

  /** A key of the configuration file: no owner, team or limits. */
  public Principal(String keyId, String name, List<String> modelPatterns) {
    this(keyId, name, modelPatterns, null, null, KeyLimits.NONE);
  }

  /** Whether it may make {@code operation} requests (a JWT issuer's operation_scopes decide). */
  public boolean mayCall(Operation operation) {
    return operations.contains(operation);
  }

  public boolean mayUse(String model) {
    return ModelPattern.matchesAny(modelPatterns, model);
  }
}

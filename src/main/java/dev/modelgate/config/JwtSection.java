package dev.modelgate.config;

import dev.modelgate.auth.JwtIssuer;
import dev.modelgate.model.Operation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One entry of {@code auth.jwt:}: a trusted token issuer. */
final class JwtSection {
  private static final Set<String> ALGORITHMS =
      new java.util.TreeSet<>(
          List.of(
              "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
              "HS256", "HS384", "HS512"));
  private static final int MIN_SECRET_BYTES = 32;

  private JwtSection() {}

  static JwtIssuer issuer(ConfigNode node) {
    node.allowOnly(
        Set.of(
            "issuer",
            "audience",
            "jwks_url",
            "hs256_secret",
            "algorithms",
            "clock_skew",
            "jwks_min_refresh",
            "jwks_max_age",
            "user_claim",
            "team_claim",
            "scopes_claim",
            "models_claim",
            "models",
            "required_scopes",
            "scope_models",
            "operation_scopes",
            "admin_roles_claim",
            "admin_roles"));
    List<String> audiences = node.strings("audience", List.of());
    if (audiences.isEmpty()) {
      node.child("audience").problem("is required (one audience or a list)");
    }
    URI jwks = node.uri("jwks_url", Set.of("http", "https"));
    String secret = node.optionalString("hs256_secret");
    if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      node.child("hs256_secret")
          .problem(
              "must be at least " + MIN_SECRET_BYTES + " bytes (give it as a ${ENV} reference)");
    }
    List<String> algorithms = node.strings("algorithms", JwtIssuer.DEFAULT_ALGORITHMS);
    boolean anyKeys = node.has("jwks_url") || secret != null;
    if (!anyKeys) {
      node.problem("needs jwks_url or hs256_secret");
    }
    for (String alg : algorithms) {
      if (!ALGORITHMS.contains(alg)) {
        node.child("algorithms").problem("unknown algorithm '" + alg + "'; known: " + ALGORITHMS);
      } else if (anyKeys && alg.startsWith("HS") && secret == null) {
        node.child("algorithms").problem(alg + " needs hs256_secret");
      } else if (anyKeys && !alg.startsWith("HS") && !node.has("jwks_url")) {
        node.child("algorithms").problem(alg + " needs jwks_url");
      }
    }
    String modelsClaim = node.optionalString("models_claim");
    return new JwtIssuer(
        node.requiredString("issuer"),
        audiences,
        jwks,
        secret,
        algorithms,
        nonNegative(node, "clock_skew", JwtIssuer.DEFAULT_CLOCK_SKEW),
        nonNegative(node, "jwks_min_refresh", JwtIssuer.DEFAULT_JWKS_MIN_REFRESH),
        nonNegative(node, "jwks_max_age", JwtIssuer.DEFAULT_JWKS_MAX_AGE),
        node.string("user_claim", "sub"),
        node.optionalString("team_claim"),
        node.strings("scopes_claim", JwtIssuer.DEFAULT_SCOPES_CLAIMS),
        modelsClaim,
        node.strings("models", List.of("*")),
        node.strings("required_scopes", List.of()),
        scopeModels(node),
        operationScopes(node),
        node.optionalString("admin_roles_claim"),
        adminRoles(node));
  }

  /**
   * {@code admin_roles: {word: role}}: the admin role (admin, operator, viewer) a word of the
   * token's admin roles claim grants on the admin API.
   */
  private static Map<String, String> adminRoles(ConfigNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!node.has("admin_roles")) {
      return out;
    }
    ConfigNode map = node.object("admin_roles");
    for (String word : node.entries("admin_roles").keySet()) {
      String role = map.requiredString(word);
      if (!StoreAndAdminSections.ADMIN_ROLES.contains(role)) {
        map.child(word)
            .problem(
                "must be one of " + new java.util.TreeSet<>(StoreAndAdminSections.ADMIN_ROLES));
      }
      out.put(word, role);
    }
    return out;
  }

  /**
   * {@code operation_scopes: {operation: [scope, ...]}}: the scopes of which a token needs one to
   * make that operation's requests; operations are named as in the metrics' {@code operation}
   * label.
   */
  private static Map<Operation, List<String>> operationScopes(ConfigNode node) {
    Map<Operation, List<String>> out = new EnumMap<>(Operation.class);
    if (!node.has("operation_scopes")) {
      return out;
    }
    ConfigNode map = node.object("operation_scopes");
    Map<String, Operation> known = new LinkedHashMap<>();
    for (Operation operation : Operation.values()) {
      known.put(operation.label(), operation);
    }
    for (String name : node.entries("operation_scopes").keySet()) {
      Operation operation = known.get(name);
      List<String> scopes = map.strings(name, List.of());
      if (operation == null) {
        map.child(name).problem("is not an operation; known: " + known.keySet());
      } else if (scopes.isEmpty()) {
        map.child(name).problem("must list the scopes of which a token needs one");
      } else {
        out.put(operation, scopes);
      }
    }
    return out;
  }

  /** {@code scope_models: {scope: [model or prefix*, ...]}}: what each scope grants. */
  private static Map<String, List<String>> scopeModels(ConfigNode node) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (!node.has("scope_models")) {
      return out;
    }
    ConfigNode map = node.object("scope_models");
    for (String scope : node.entries("scope_models").keySet()) {
      List<String> models = map.strings(scope, List.of());
      if (models.isEmpty()) {
        map.child(scope).problem("must list the models the scope grants (names or prefixes*)");
      }
      out.put(scope, models);
    }
    return out;
  }

  private static Duration nonNegative(ConfigNode node, String field, Duration fallback) {
    Duration value = node.duration(field, fallback);
    if (value.isNegative()) {
      node.child(field).problem("must not be negative");
      return fallback;
    }
    return value;
  }
}

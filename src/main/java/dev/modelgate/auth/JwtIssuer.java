package dev.modelgate.auth;

import dev.modelgate.model.Operation;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One trusted token issuer ({@code auth.jwt[]}): how its tokens are verified (keys from a JWKS URL,
 * or a shared HS256 secret), which claims they must carry, and how claims map to a {@link
 * Principal}. {@code models} is the fixed allowlist; with a {@code modelsClaim} or {@code
 * scopeModels} it also bounds what the token may grant. {@code requiredScopes}: scopes a token must
 * all carry to use the API (none: any valid token may). {@code scopeModels}: the models (names or
 * prefixes ending in *) each scope grants; with it, a token may use what its scopes grant (and its
 * models claim, if any), not the whole fixed allowlist. {@code operationScopes}: for each operation
 * it names (chat, embedding, ...), the scopes of which a token needs one to make such requests.
 * {@code adminRoles}: for the admin API, the admin role (admin, operator, viewer) each word of the
 * token's {@code adminRolesClaim} (by default its scopes) grants; empty: its tokens are no admins.
 */
public record JwtIssuer(
    String issuer,
    List<String> audiences,
    @Nullable URI jwksUrl,
    @Nullable String hs256Secret,
    List<String> algorithms,
    Duration clockSkew,
    Duration jwksMinRefresh,
    Duration jwksMaxAge,
    String userClaim,
    @Nullable String teamClaim,
    List<String> scopesClaims,
    @Nullable String modelsClaim,
    List<String> models,
    List<String> requiredScopes,
    Map<String, List<String>> scopeModels,
    Map<Operation, List<String>> operationScopes,
    @Nullable String adminRolesClaim,
    Map<String, String> adminRoles) {
  public static final List<String> DEFAULT_ALGORITHMS = List.of("RS256", "ES256");
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

  /** Unknown kids refresh the key set at most this often, so bad tokens cannot hammer the IdP. */
  public static final Duration DEFAULT_JWKS_MIN_REFRESH = Duration.ofSeconds(5);

  /** A key set older than this is fetched again, so keys the IdP dropped stop working. */
  public static final Duration DEFAULT_JWKS_MAX_AGE = Duration.ofMinutes(10);

  public static final List<String> DEFAULT_SCOPES_CLAIMS = List.of("scope", "scp");

  public JwtIssuer {
    audiences = List.copyOf(audiences);
    algorithms = List.copyOf(algorithms);
    scopesClaims = List.copyOf(scopesClaims);
    models = List.copyOf(models);
    requiredScopes = List.copyOf(requiredScopes);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    scopeModels.forEach((scope, granted) -> copy.put(scope, List.copyOf(granted)));
    scopeModels = Collections.unmodifiableMap(copy);
    Map<Operation, List<String>> operations = new EnumMap<>(Operation.class);
    operationScopes.forEach((operation, scopes) -> operations.put(operation, List.copyOf(scopes)));
    operationScopes = Collections.unmodifiableMap(operations);
    adminRoles = Collections.unmodifiableMap(new LinkedHashMap<>(adminRoles));
  }

  /**
   * The operations a token with {@code scopes} may call: those {@code operationScopes} does not
   * name, and those it names one of whose scopes the token carries.
   */
  public Set<Operation> operations(List<String> scopes) {
    Set<Operation> allowed = EnumSet.allOf(Operation.class);
    operationScopes.forEach(
        (operation, needed) -> {
          if (needed.stream().noneMatch(scopes::contains)) {
            allowed.remove(operation);
          }
        });
    return allowed;
  }

  /** Whether a token's models come from its claims (models claim, scopes) instead of the list. */
  public boolean grantsByToken() {
    return modelsClaim != null || !scopeModels.isEmpty();
  }

  @Override
  public String toString() {
    return "JwtIssuer[issuer="
        + issuer
        + ", audiences="
        + audiences
        + ", jwksUrl="
        + jwksUrl
        + ", hs256Secret="
        + (hs256Secret == null ? "none" : "<redacted>")
        + ", algorithms="
        + algorithms
        + "]";
  }
}

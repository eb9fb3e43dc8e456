package dev.modelgate.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.modelgate.error.PermissionDenied;
import dev.modelgate.error.Unauthenticated;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Client tokens from single sign-on: a signed JWT of a configured issuer becomes a {@link
 * Principal} whose user, team, scopes and models come from its claims, as configured.
 */
public final class JwtAuthenticator {
  private final Map<String, JwtVerifier> byIssuer = new HashMap<>();

  public JwtAuthenticator(List<JwtIssuer> issuers, Clock clock) {
    for (JwtIssuer issuer : issuers) {
      byIssuer.put(issuer.issuer(), new JwtVerifier(issuer, clock));
    }
  }

  /** Whether a presented credential has a JWT's shape (three dot-separated parts). */
  public static boolean looksLikeJwt(String credential) {
    return credential.chars().filter(c -> c == '.').count() == 2;
  }

  public Principal authenticate(String token) {
    Verified verified = verify(token);
    return principal(verified.issuer(), verified.claims());
  }

  /** A token's user and the admin roles its claims map to ({@code admin_roles}): none, or some. */
  public record AdminClaims(String user, List<String> roles) {
    public AdminClaims {
      roles = List.copyOf(roles);
    }
  }

  /**
   * A token presented to the admin API: verified as for the API (issuer, signature, expiry,
   * audience), but its admin roles decide what it may do there, not the API's required scopes.
   */
  public AdminClaims admin(String token) {
    Verified verified = verify(token);
    JwtIssuer issuer = verified.issuer();
    String rolesClaim = issuer.adminRolesClaim();
    List<String> words =
        rolesClaim == null
            ? scopes(issuer, verified.claims())
            : words(claim(verified.claims(), rolesClaim));
    List<String> roles =
        words.stream().map(issuer.adminRoles()::get).filter(Objects::nonNull).distinct().toList();
    return new AdminClaims(user(issuer, verified.claims()), roles);
  }

  private record Verified(JwtIssuer issuer, JWTClaimsSet claims) {}

  private Verified verify(String token) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      // An unsigned token ("alg": "none") is not a JWS and fails here.
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new Unauthenticated("The bearer token is not a valid signed JWT.");
    }
    String iss = claims.getIssuer();
    JwtVerifier verifier = iss == null ? null : byIssuer.get(iss);
    if (verifier == null) {
      throw new Unauthenticated("The token's issuer is not trusted.");
    }
    return new Verified(verifier.issuer(), verifier.verify(jwt, claims));
  }

  private static String user(JwtIssuer issuer, JWTClaimsSet claims) {
    Object user = claim(claims, issuer.userClaim());
    if (!(user instanceof String name) || name.isBlank()) {
      throw new Unauthenticated("The token lacks the user claim '" + issuer.userClaim() + "'.");
    }
    return name;
  }

  private static Principal principal(JwtIssuer issuer, JWTClaimsSet claims) {
    String name = user(issuer, claims);
    Object team = issuer.teamClaim() == null ? null : claim(claims, issuer.teamClaim());
    if (team instanceof List<?> teams && !teams.isEmpty()) {
      team = teams.get(0); // a groups-style array: its first entry
    }
    List<String> scopes = scopes(issuer, claims);
    List<String> missing =
        issuer.requiredScopes().stream().filter(scope -> !scopes.contains(scope)).toList();
    if (!missing.isEmpty()) {
      // A valid token of a known user that was not granted this API: 403 (RFC 6750's
      // insufficient_scope), not a failed authentication, so it does not count toward the lockout.
      throw new PermissionDenied(
          "The token lacks the scope"
              + (missing.size() == 1 ? " " : "s ")
              + String.join(", ", missing)
              + " this gateway requires.");
    }
    return new Principal(
        "jwt:" + name,
        name,
        models(issuer, claims, scopes),
        name,
        team instanceof String teamName ? teamName : null,
        KeyLimits.NONE,
        scopes,
        issuer.operations(scopes));
  }

  /** The words of the first of the issuer's scope claims the token carries; none without one. */
  private static List<String> scopes(JwtIssuer issuer, JWTClaimsSet claims) {
    for (String claim : issuer.scopesClaims()) {
      if (claim(claims, claim) != null) {
        return words(claim(claims, claim));
      }
    }
    return List.of();
  }

  /**
   * The fixed allowlist; or, when the token grants models (a models claim, scopes mapped to
   * models), what it grants that the fixed allowlist allows.
   */
  private static List<String> models(JwtIssuer issuer, JWTClaimsSet claims, List<String> scopes) {
    if (!issuer.grantsByToken()) {
      return issuer.models();
    }
    Set<String> granted = new LinkedHashSet<>();
    if (issuer.modelsClaim() != null) {
      granted.addAll(words(claim(claims, issuer.modelsClaim())));
    }
    for (String scope : scopes) {
      granted.addAll(issuer.scopeModels().getOrDefault(scope, List.of()));
    }
    Principal bound = new Principal("", "", issuer.models());
    return granted.stream().filter(bound::mayUse).toList();
  }

  /**
   * The claim named {@code path}: a top-level claim of that exact name (names may hold dots, like
   * {@code https://example.com/team}), else a dotted path into nested objects, as identity
   * providers nest roles ({@code realm_access.roles} in Keycloak).
   */
  static @Nullable Object claim(JWTClaimsSet claims, String path) {
    Object value = claims.getClaim(path);
    if (value != null || path.indexOf('.') < 0) {
      return value;
    }
    Object node = claims.getClaims();
    for (String part : path.split("\\.")) {
      if (!(node instanceof java.util.Map<?, ?> map)) {
        return null;
      }
      node = map.get(part);
    }
    return node;
  }

  /** A space-separated string or an array of strings (OAuth's {@code scope} and {@code scp}). */
  private static List<String> words(@Nullable Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof String text) {
      for (String word : text.strip().split("\\s+")) {
        if (!word.isEmpty()) {
          out.add(word);
        }
      }
    } else if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof String word && !word.isBlank()) {
          out.add(word.strip());
        }
      }
    }
    return out;
  }
}

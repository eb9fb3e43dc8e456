package dev.modelgate.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.modelgate.error.Unauthenticated;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    return principal(verifier.issuer(), verifier.verify(jwt, claims));
  }

  private static Principal principal(JwtIssuer issuer, JWTClaimsSet claims) {
    Object user = claims.getClaim(issuer.userClaim());
    if (!(user instanceof String name) || name.isBlank()) {
      throw new Unauthenticated("The token lacks the user claim '" + issuer.userClaim() + "'.");
    }
    Object team = issuer.teamClaim() == null ? null : claims.getClaim(issuer.teamClaim());
    List<String> scopes = List.of();
    for (String claim : issuer.scopesClaims()) {
      if (claims.getClaim(claim) != null) {
        scopes = words(claims.getClaim(claim));
        break;
      }
    }
    return new Principal(
        "jwt:" + name,
        name,
        models(issuer, claims),
        name,
        team instanceof String teamName ? teamName : null,
        KeyLimits.NONE,
        scopes);
  }

  /** The fixed allowlist, or the token's models that the fixed allowlist allows. */
  private static List<String> models(JwtIssuer issuer, JWTClaimsSet claims) {
    if (issuer.modelsClaim() == null) {
      return issuer.models();
    }
    Principal bound = new Principal("", "", issuer.models());
    List<String> out = new ArrayList<>();
    for (String model : words(claims.getClaim(issuer.modelsClaim()))) {
      if (bound.mayUse(model)) {
        out.add(model);
      }
    }
    return out;
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

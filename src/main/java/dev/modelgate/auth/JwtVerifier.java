package dev.modelgate.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.modelgate.error.Unauthenticated;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Checks a signed token for one issuer: an allowed algorithm, a valid signature, then expiry,
 * not-before (both with the clock skew) and audience. Messages name the failed rule, never the
 * token.
 */
final class JwtVerifier {
  private final JwtIssuer issuer;
  private final Clock clock;
  private final @Nullable JwksKeys jwks;

  JwtVerifier(JwtIssuer issuer, Clock clock) {
    this.issuer = issuer;
    this.clock = clock;
    this.jwks =
        issuer.jwksUrl() == null
            ? null
            : new JwksKeys(issuer.jwksUrl(), clock, issuer.jwksMinRefresh(), issuer.jwksMaxAge());
  }

  JwtIssuer issuer() {
    return issuer;
  }

  JWTClaimsSet verify(SignedJWT token, JWTClaimsSet claims) {
    JWSAlgorithm alg = token.getHeader().getAlgorithm();
    if (!issuer.algorithms().contains(alg.getName())) {
      throw new Unauthenticated(
          "The token's algorithm " + alg.getName() + " is not accepted for this issuer.");
    }
    if (!signatureValid(token, alg)) {
      throw new Unauthenticated("The token's signature is invalid.");
    }
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new Unauthenticated("The token has no expiry (exp).");
    }
    if (now.isAfter(exp.toInstant().plus(issuer.clockSkew()))) {
      throw new Unauthenticated("The token has expired.");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(issuer.clockSkew()).isBefore(nbf.toInstant())) {
      throw new Unauthenticated("The token is not valid yet (nbf).");
    }
    List<String> audiences = claims.getAudience();
    if (audiences.stream().noneMatch(issuer.audiences()::contains)) {
      throw new Unauthenticated("The token's audience is not accepted.");
    }
    return claims;
  }

  private boolean signatureValid(SignedJWT token, JWSAlgorithm alg) {
    try {
      if (JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
        String secret = issuer.hs256Secret();
        return secret != null
            && token.verify(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)));
      }
      if (jwks == null) {
        return false;
      }
      for (JWK key : jwks.candidates(token.getHeader().getKeyID())) {
        JWSVerifier verifier = verifierFor(key, alg);
        if (verifier != null && token.verify(verifier)) {
          return true;
        }
      }
      if (!jwks.loaded()) {
        throw new Unauthenticated(
            "The token cannot be verified: the issuer's keys are unavailable.");
      }
      return false;
    } catch (JOSEException e) {
      // A key that does not fit the algorithm (an EC curve for another ES size) cannot verify it.
      return false;
    }
  }

  private static @Nullable JWSVerifier verifierFor(JWK key, JWSAlgorithm alg) throws JOSEException {
    if (key instanceof RSAKey rsa && JWSAlgorithm.Family.RSA.contains(alg)) {
      return new RSASSAVerifier(rsa);
    }
    if (key instanceof ECKey ec && JWSAlgorithm.Family.EC.contains(alg)) {
      return new ECDSAVerifier(ec);
    }
    return null;
  }
}

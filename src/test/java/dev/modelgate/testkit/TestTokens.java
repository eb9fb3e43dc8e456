package dev.modelgate.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Keys made in the test and tokens signed with them, as an identity provider would issue them. */
public final class TestTokens {
  private TestTokens() {}

  public static RSAKey rsaKey(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ECKey ecKey(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public JWKS document of {@code keys}, as a JWKS URL serves it. */
  public static String jwks(JWK... keys) {
    return JSONObjectUtils.toJSONString(new JWKSet(List.of(keys)).toJSONObject(true));
  }

  /** Claims of a token for user {@code alice} valid from {@code now} for five minutes. */
  public static JWTClaimsSet.Builder claims(String issuer, String audience, Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(audience)
        .subject("alice")
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
  }

  /** Signs with an RSA key (RS256) or an EC key (ES256), naming the key's kid. */
  public static String sign(JWK key, JWTClaimsSet claims) {
    try {
      if (key instanceof RSAKey rsa) {
        return sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, key.getKeyID(), claims);
      }
      return sign(new ECDSASigner((ECKey) key), JWSAlgorithm.ES256, key.getKeyID(), claims);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String hs256(String secret, JWTClaimsSet claims) {
    try {
      return sign(
          new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS256, null, claims);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sign(
      JWSSigner signer,
      JWSAlgorithm alg,
      @org.jspecify.annotations.Nullable String kid,
      JWTClaimsSet claims)
      throws JOSEException {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
    jwt.sign(signer);
    return jwt.serialize();
  }
}

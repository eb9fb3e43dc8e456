package dev.modelgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.modelgate.error.PermissionDenied;
import dev.modelgate.error.Unauthenticated;
import dev.modelgate.testkit.FakeClock;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The validation rules of JWT client authentication, with keys made here and a fake clock. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwtAuthenticatorTest {
  private static final String ISS = "https://idp.example";
  private static final String AUD = "modelgate";
  private static final String SECRET = "a-shared-secret-of-at-least-32-bytes!";

  private final RSAKey rsa = TestTokens.rsaKey("rsa-1");
  private final ECKey ec = TestTokens.ecKey("ec-1");
  private final AtomicReference<String> served = new AtomicReference<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private FakeUpstream idp;
  private FakeClock clock;

  @BeforeAll
  void startIdp() {
    idp =
        FakeUpstream.start()
            .respond(
                request -> {
                  fetches.incrementAndGet();
                  return FakeResponse.json(200, served.get());
                });
  }

  @AfterAll
  void stopIdp() {
    idp.close();
  }

  @BeforeEach
  void reset() {
    fetches.set(0);
    served.set(TestTokens.jwks(rsa, ec));
    clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
  }

  private JwtIssuer issuer(String models, List<String> algorithms) {
    return issuer(models, algorithms, List.of());
  }

  private JwtIssuer issuer(String models, List<String> algorithms, List<String> requiredScopes) {
    return issuer(
        algorithms,
        "sub",
        "team",
        JwtIssuer.DEFAULT_SCOPES_CLAIMS,
        models,
        requiredScopes,
        Map.of());
  }

  /** An issuer of this test's IdP (its JWKS and {@link #SECRET}) allowing echo-* models. */
  private JwtIssuer issuer(
      List<String> algorithms,
      String userClaim,
      @Nullable String teamClaim,
      List<String> scopesClaims,
      @Nullable String modelsClaim,
      List<String> requiredScopes,
      Map<String, List<String>> scopeModels) {
    return new JwtIssuer(
        ISS,
        List.of(AUD, "other-audience"),
        URI.create(idp.baseUrl() + "/jwks"),
        SECRET,
        algorithms,
        JwtIssuer.DEFAULT_CLOCK_SKEW,
        JwtIssuer.DEFAULT_JWKS_MIN_REFRESH,
        JwtIssuer.DEFAULT_JWKS_MAX_AGE,
        userClaim,
        teamClaim,
        scopesClaims,
        modelsClaim,
        List.of("echo-*"),
        requiredScopes,
        scopeModels,
        Map.of(),
        null,
        Map.of());
  }

  private JwtAuthenticator authenticator() {
    return new JwtAuthenticator(
        List.of(issuer("models", List.of("RS256", "ES256", "HS256"))), clock);
  }

  private JWTClaimsSet.Builder claims() {
    return TestTokens.claims(ISS, AUD, clock.instant());
  }

  private void refused(JwtAuthenticator auth, String token, String message) {
    assertThatThrownBy(() -> auth.authenticate(token))
        .isInstanceOf(Unauthenticated.class)
        .hasMessageContaining(message)
        .message()
        .doesNotContain(token.substring(token.lastIndexOf('.') + 1));
  }

  /** A valid token without every required scope is a 403 naming what it lacks, not a 401. */
  @Test
  void aTokenWithoutTheRequiredScopesMayNotUseTheApi() {
    JwtAuthenticator auth =
        new JwtAuthenticator(
            List.of(issuer("models", List.of("RS256"), List.of("modelgate.chat", "modelgate.use"))),
            clock);
    String granted =
        TestTokens.sign(
            rsa, claims().claim("scope", "openid modelgate.use modelgate.chat").build());
    assertThat(auth.authenticate(granted).scopes()).contains("modelgate.chat", "modelgate.use");
    String partly = TestTokens.sign(rsa, claims().claim("scp", List.of("modelgate.use")).build());
    assertThatThrownBy(() -> auth.authenticate(partly))
        .isInstanceOf(PermissionDenied.class)
        .hasMessage("The token lacks the scope modelgate.chat this gateway requires.");
    String none = TestTokens.sign(rsa, claims().build());
    assertThatThrownBy(() -> auth.authenticate(none))
        .isInstanceOf(PermissionDenied.class)
        .hasMessageContaining("scopes modelgate.chat, modelgate.use");
  }

  /** With scope_models, a token may use what its scopes grant, bounded by the fixed allowlist. */
  @Test
  void scopesGrantTheModelsTheyAreMappedTo() {
    JwtIssuer byScope =
        issuer(
            List.of("RS256"),
            "sub",
            null,
            JwtIssuer.DEFAULT_SCOPES_CLAIMS,
            null,
            List.of(),
            Map.of("llm.basic", List.of("echo-small"), "llm.premium", List.of("echo-*", "gpt-4o")));
    JwtAuthenticator auth = new JwtAuthenticator(List.of(byScope), clock);

    Principal basic =
        auth.authenticate(
            TestTokens.sign(rsa, claims().claim("scope", "openid llm.basic").build()));
    assertThat(basic.mayUse("echo-small")).isTrue();
    assertThat(basic.mayUse("echo-large")).isFalse();

    Principal premium =
        auth.authenticate(
            TestTokens.sign(
                rsa, claims().claim("scp", List.of("llm.basic", "llm.premium")).build()));
    assertThat(premium.modelPatterns())
        .as("gpt-4o is outside the fixed allowlist")
        .containsExactly("echo-small", "echo-*");
    assertThat(premium.mayUse("echo-large")).isTrue();

    Principal none = auth.authenticate(TestTokens.sign(rsa, claims().build()));
    assertThat(none.modelPatterns()).as("a token without a mapped scope may use nothing").isEmpty();
  }

  @Test
  void aValidRs256TokenMapsUserTeamScopesAndModels() {
    String token =
        TestTokens.sign(
            rsa,
            claims()
                .claim("team", "search")
                .claim("scope", "chat embed")
                .claim("models", List.of("echo-small", "secret"))
                .build());
    Principal principal = authenticator().authenticate(token);
    assertThat(principal.owner()).isEqualTo("alice");
    assertThat(principal.name()).isEqualTo("alice");
    assertThat(principal.keyId()).isEqualTo("jwt:alice");
    assertThat(principal.team()).isEqualTo("search");
    assertThat(principal.scopes()).containsExactly("chat", "embed");
    assertThat(principal.modelPatterns())
        .as("the token's models, bounded by the fixed allowlist")
        .containsExactly("echo-small");
  }

  @Test
  void claimsAreFoundByDottedPathsIntoNestedObjectsAndByNamesThatHoldDots() {
    JwtIssuer nested =
        issuer(
            List.of("RS256"),
            "preferred_username",
            "https://example.com/groups",
            List.of("realm_access.roles"),
            "resource_access.modelgate.models",
            List.of(),
            Map.of());
    String token =
        TestTokens.sign(
            rsa,
            claims()
                .claim("preferred_username", "carol")
                .claim("https://example.com/groups", List.of("search", "ads"))
                .claim("realm_access", Map.of("roles", List.of("chat", "admin")))
                .claim(
                    "resource_access",
                    Map.of("modelgate", Map.of("models", List.of("echo-large", "gpt-4o"))))
                .build());
    Principal principal = new JwtAuthenticator(List.of(nested), clock).authenticate(token);
    assertThat(principal.owner()).isEqualTo("carol");
    assertThat(principal.team()).as("the first of a groups array").isEqualTo("search");
    assertThat(principal.scopes()).containsExactly("chat", "admin");
    assertThat(principal.modelPatterns()).containsExactly("echo-large");
    String missing =
        TestTokens.sign(
            rsa, claims().claim("preferred_username", "dan").claim("realm_access", "flat").build());
    Principal without = new JwtAuthenticator(List.of(nested), clock).authenticate(missing);
    assertThat(without.scopes()).isEmpty();
    assertThat(without.modelPatterns()).isEmpty();
  }

  @Test
  void es256AndHs256TokensAreAcceptedAndScpMayBeAnArray() {
    JwtAuthenticator auth = authenticator();
    Principal byEc =
        auth.authenticate(TestTokens.sign(ec, claims().claim("scp", List.of("a", "b")).build()));
    assertThat(byEc.scopes()).containsExactly("a", "b");
    assertThat(byEc.modelPatterns()).as("no models claim: no models").isEmpty();
    Principal byMac = auth.authenticate(TestTokens.hs256(SECRET, claims().subject("bob").build()));
    assertThat(byMac.owner()).isEqualTo("bob");
    assertThat(byMac.team()).isNull();
  }

  @Test
  void withoutAModelsClaimTheFixedAllowlistApplies() {
    JwtAuthenticator auth =
        new JwtAuthenticator(List.of(issuer(null, JwtIssuer.DEFAULT_ALGORITHMS)), clock);
    assertThat(auth.authenticate(TestTokens.sign(rsa, claims().build())).modelPatterns())
        .containsExactly("echo-*");
  }

  @Test
  void badSignaturesAreRefused() {
    JwtAuthenticator auth = authenticator();
    RSAKey impostor = TestTokens.rsaKey("rsa-1");
    refused(auth, TestTokens.sign(impostor, claims().build()), "signature is invalid");
    refused(
        auth, TestTokens.hs256(SECRET.replace('a', 'b'), claims().build()), "signature is invalid");
    String good = TestTokens.sign(rsa, claims().build());
    String tampered =
        good.substring(0, good.indexOf('.') + 1)
            + TestTokens.sign(rsa, claims().subject("mallory").build()).split("\\.")[1]
            + good.substring(good.lastIndexOf('.'));
    refused(auth, tampered, "signature is invalid");
  }

  @Test
  void algorithmsOutsideTheIssuersListAndUnsignedTokensAreRefused() {
    JwtAuthenticator auth =
        new JwtAuthenticator(List.of(issuer("models", JwtIssuer.DEFAULT_ALGORITHMS)), clock);
    refused(auth, TestTokens.hs256(SECRET, claims().build()), "algorithm HS256 is not accepted");
    String none = new PlainJWT(claims().build()).serialize();
    assertThat(JwtAuthenticator.looksLikeJwt(none)).isTrue();
    assertThatThrownBy(() -> auth.authenticate(none))
        .isInstanceOf(Unauthenticated.class)
        .hasMessage("The bearer token is not a valid signed JWT.");
  }

  @Test
  void issuerAudienceAndExpiryAreRequired() {
    JwtAuthenticator auth = authenticator();
    refused(
        auth,
        TestTokens.sign(rsa, claims().issuer("https://evil.example").build()),
        "issuer is not trusted");
    refused(
        auth,
        TestTokens.sign(rsa, claims().audience("someone-else").build()),
        "audience is not accepted");
    assertThat(auth.authenticate(TestTokens.sign(rsa, claims().audience("other-audience").build())))
        .isNotNull();
    refused(auth, TestTokens.sign(rsa, claims().expirationTime(null).build()), "no expiry");
    refused(
        auth, TestTokens.sign(rsa, claims().subject(null).build()), "lacks the user claim 'sub'");
  }

  @Test
  void expiryAndNotBeforeAllowTheClockSkewAndNoMore() {
    JwtAuthenticator auth = authenticator();
    Instant now = clock.instant();
    String expiredWithinSkew =
        TestTokens.sign(rsa, claims().expirationTime(Date.from(now.minusSeconds(59))).build());
    String expired =
        TestTokens.sign(rsa, claims().expirationTime(Date.from(now.minusSeconds(61))).build());
    String earlyWithinSkew =
        TestTokens.sign(rsa, claims().notBeforeTime(Date.from(now.plusSeconds(59))).build());
    String early =
        TestTokens.sign(rsa, claims().notBeforeTime(Date.from(now.plusSeconds(61))).build());
    assertThat(auth.authenticate(expiredWithinSkew).owner()).isEqualTo("alice");
    refused(auth, expired, "has expired");
    assertThat(auth.authenticate(earlyWithinSkew).owner()).isEqualTo("alice");
    refused(auth, early, "not valid yet");
    clock.advance(Duration.ofSeconds(2));
    refused(auth, expiredWithinSkew, "has expired");
    assertThat(auth.authenticate(early).owner()).isEqualTo("alice");
  }

  @Test
  void unknownKidsRefreshTheKeySetAtMostOncePerInterval() {
    JwtAuthenticator auth = authenticator();
    auth.authenticate(TestTokens.sign(rsa, claims().build()));
    assertThat(fetches.get()).isEqualTo(1);
    auth.authenticate(TestTokens.sign(ec, claims().build()));
    assertThat(fetches.get()).as("known kids come from the cache").isEqualTo(1);

    RSAKey rotated = TestTokens.rsaKey("rsa-2");
    served.set(TestTokens.jwks(rsa, rotated));
    String unknown = TestTokens.sign(TestTokens.rsaKey("nobody"), claims().build());
    refused(auth, unknown, "signature is invalid");
    assertThat(fetches.get()).as("the set was fetched too recently").isEqualTo(1);
    clock.advance(JwtIssuer.DEFAULT_JWKS_MIN_REFRESH);
    for (int i = 0; i < 20; i++) {
      refused(auth, unknown, "signature is invalid");
    }
    assertThat(fetches.get()).as("a flood of unknown kids: one refresh").isEqualTo(2);
    assertThat(auth.authenticate(TestTokens.sign(rotated, claims().build())).owner())
        .as("fetched by the refresh the flood triggered")
        .isEqualTo("alice");

    RSAKey later = TestTokens.rsaKey("rsa-3");
    served.set(TestTokens.jwks(later));
    refused(auth, TestTokens.sign(later, claims().build()), "signature is invalid");
    assertThat(fetches.get()).isEqualTo(2);
    clock.advance(JwtIssuer.DEFAULT_JWKS_MIN_REFRESH);
    assertThat(auth.authenticate(TestTokens.sign(later, claims().build())).owner())
        .isEqualTo("alice");
    assertThat(fetches.get()).isEqualTo(3);
  }

  @Test
  void anOldKeySetIsFetchedAgainSoDroppedKeysStopWorking() {
    JwtAuthenticator auth = authenticator();
    auth.authenticate(TestTokens.sign(rsa, claims().build()));
    served.set(TestTokens.jwks(ec));
    clock.advance(JwtIssuer.DEFAULT_JWKS_MAX_AGE);
    refused(auth, TestTokens.sign(rsa, claims().build()), "signature is invalid");
    assertThat(fetches.get()).isEqualTo(2);
  }

  @Test
  void anUnreachableKeySetSaysSo() {
    served.set("not json");
    refused(authenticator(), TestTokens.sign(rsa, claims().build()), "keys are unavailable");
  }
}

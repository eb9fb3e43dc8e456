package dev.modelgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.error.Unauthenticated;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyAuthenticatorTest {
  private static final String KEY = ApiKeys.newKey();
  private static final String OTHER_KEY = ApiKeys.newKey();

  private static ApiKeyAuthenticator authenticator(Principal anonymous) {
    return new ApiKeyAuthenticator(
        List.of(
            new ApiKeyAuthenticator.KeyEntry(
                "team", ApiKeys.parseHash(ApiKeys.hash(KEY)), List.of("gpt-4o", "deepseek/*")),
            new ApiKeyAuthenticator.KeyEntry(
                "ci", ApiKeys.parseHash(ApiKeys.hash(OTHER_KEY)), List.of("*"))),
        anonymous);
  }

  private static Function<String, String> headers(Map<String, String> values) {
    return values::get;
  }

  private static Unauthenticated rejection(ApiKeyAuthenticator auth, Map<String, String> values) {
    Unauthenticated e =
        catchThrowableOfType(Unauthenticated.class, () -> auth.authenticate(headers(values)));
    assertThat(e).as("expected Unauthenticated for %s", values.keySet()).isNotNull();
    return e;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"authorization", "api-key", "x-api-key"})
  void acceptsKeyFromEverySupportedHeader(String header) {
    String value = header.equals("authorization") ? "Bearer " + KEY : KEY;

    Principal principal = authenticator(null).authenticate(headers(Map.of(header, value)));

    assertThat(principal.name()).isEqualTo("team");
    assertThat(principal.modelPatterns()).containsExactly("gpt-4o", "deepseek/*");
    assertThat(principal.keyId())
        .isEqualTo(
            ApiKeys.hash(KEY)
                .substring(ApiKeys.HASH_PREFIX.length(), ApiKeys.HASH_PREFIX.length() + 12))
        .doesNotContain(KEY);
  }

  @Test
  void bearerSchemeIsCaseInsensitiveAndTrimmed() {
    Principal principal =
        authenticator(null)
            .authenticate(headers(Map.of("authorization", "  bearer   " + KEY + "  ")));

    assertThat(principal.name()).isEqualTo("team");
  }

  @Test
  void distinguishesKeys() {
    Principal principal = authenticator(null).authenticate(headers(Map.of("x-api-key", OTHER_KEY)));

    assertThat(principal.name()).isEqualTo("ci");
    assertThat(principal.keyId())
        .isNotEqualTo(authenticator(null).authenticate(headers(Map.of("api-key", KEY))).keyId());
  }

  @Test
  void nonBearerAuthorizationFallsBackToApiKeyHeader() {
    Principal principal =
        authenticator(null)
            .authenticate(headers(Map.of("authorization", "Basic dXNlcjpwYXNz", "api-key", KEY)));

    assertThat(principal.name()).isEqualTo("team");
  }

  @Test
  void wrongKeyIsRejectedWithoutEchoingIt() {
    String wrong = "mg-" + "x".repeat(20) + "secretpart" + "abcd";

    Unauthenticated e = rejection(authenticator(null), Map.of("authorization", "Bearer " + wrong));

    assertThat(e.getMessage()).startsWith("Incorrect API key provided: ");
    assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain("secretpart");
    assertThat(e.getMessage()).contains("mg-").contains("abcd");
  }

  @Test
  void shortWrongKeyIsFullyMasked() {
    Unauthenticated e = rejection(authenticator(null), Map.of("x-api-key", "abc12345"));

    assertThat(e.getMessage()).doesNotContain("abc12345").contains("****");
  }

  @Test
  void wrongKeyIsRejectedEvenWhenAnonymousIsAllowed() {
    Principal anonymous = new Principal("anonymous", "anonymous", List.of("*"));

    rejection(authenticator(anonymous), Map.of("api-key", "mg-not-a-configured-key"));
  }

  @Test
  void theHashItselfIsNotAKey() {
    rejection(authenticator(null), Map.of("api-key", ApiKeys.hash(KEY)));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"none", "empty bearer", "blank api-key"})
  void missingKeyIsRejected(String variant) {
    Map<String, String> values =
        switch (variant) {
          case "none" -> Map.of();
          case "empty bearer" -> Map.of("authorization", "Bearer   ");
          default -> Map.of("api-key", "  ", "x-api-key", "");
        };

    Unauthenticated e = rejection(authenticator(null), values);

    assertThat(e.getMessage()).startsWith("You didn't provide an API key.");
  }

  @Test
  void anonymousPrincipalWhenConfiguredAndNoKeyGiven() {
    Principal anonymous = new Principal("anonymous", "anonymous", List.of("*"));

    Principal principal = authenticator(anonymous).authenticate(headers(Map.of()));

    assertThat(principal).isSameAs(anonymous);
  }

  @Test
  void newKeysAreRandomAndUrlSafe() {
    String a = ApiKeys.newKey();
    String b = ApiKeys.newKey();

    assertThat(a).isNotEqualTo(b).startsWith("mg-").matches("mg-[A-Za-z0-9_-]{43}");
  }

  @Test
  void hashIsSha256Hex() {
    // SHA-256 of the empty string.
    assertThat(ApiKeys.hash(""))
        .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(ApiKeys.parseHash(ApiKeys.hash(KEY))).isEqualTo(ApiKeys.digest(KEY));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "",
        "sha256:",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sha1:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555",
        "sha256:g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sha256: 3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "mg-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdefg"
      })
  void parseHashRejectsMalformedHashes(String stored) {
    assertThat(ApiKeys.parseHash(stored)).isNull();
  }

  @Test
  void parseHashAcceptsUpperCaseHex() {
    assertThat(
            ApiKeys.parseHash(
                "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"))
        .isEqualTo(ApiKeys.digest(""));
  }
}

package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.MutableClock;
import dev.modelgate.testkit.TestGateway;
import dev.modelgate.testkit.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin API with the identity provider's tokens over real HTTP: the roles a token's claim
 * carries map to admin roles ({@code admin_roles}), which decide what it may do there, and every
 * write is audited under the token's user.
 */
class AdminSsoEndToEndTest {
  private static final String ISS = "https://sso.example.com/realms/acme";
  private static final String ROOT = "mg-admin-sso-root-token-0123456789abcd";

  private final RSAKey signing = TestTokens.rsaKey("2026-06");
  private final RSAKey stranger = TestTokens.rsaKey("2026-06");
  private final MutableClock clock = new MutableClock(Instant.parse("2030-06-01T12:00:00Z"));
  private FakeUpstream idp;
  private TestGateway gateway;

  @BeforeEach
  void start() {
    idp = FakeUpstream.start().respond(request -> FakeResponse.json(200, TestTokens.jwks(signing)));
    String config =
        TestGateway.authBlock()
            + """
              jwt:
                - issuer: %s
                  audience: [modelgate]
                  jwks_url: %s/certs
                  admin_roles_claim: realm_access.roles
                  admin_roles:
                    gateway-admins: admin
                    gateway-ops: operator
                    auditors: viewer
            admin:
              port: 0
              tokens:
                - name: root
                  hash: %s
            """
                .formatted(ISS, idp.baseUrl(), ApiKeys.hash(ROOT))
            + TestGateway.echoRoutes("echo");
    gateway = TestGateway.start(config, clock);
  }

  @AfterEach
  void stop() {
    gateway.close();
    idp.close();
  }

  private String token(String user, List<String> roles) {
    return TestTokens.sign(signing, claims(user, roles).build());
  }

  private JWTClaimsSet.Builder claims(String user, List<String> roles) {
    return TestTokens.claims(ISS, "modelgate", clock.instant())
        .subject(user)
        .claim("realm_access", Map.of("roles", roles));
  }

  private HttpProbe.Result as(String token, String method, String path, String body) {
    return HttpProbe.send(method, gateway.adminUrl() + path, token, body);
  }

  private static void assertError(HttpProbe.Result result, int status, String code) {
    assertThat(result.status()).as(result.body()).isEqualTo(status);
    assertThat(result.json().path("error").path("code").asText()).isEqualTo(code);
  }

  @Test
  void aTokensRolesDecideWhatItMayDoAndItsWritesAreAuditedUnderItsUser() {
    String viewer = token("carol", List.of("auditors", "unrelated"));
    assertThat(as(viewer, "GET", "/v1/keys", null).status()).isEqualTo(200);
    assertThat(as(viewer, "GET", "/v1/audit", null).status()).isEqualTo(200);
    assertError(as(viewer, "POST", "/v1/keys", "{\"name\":\"nope\"}"), 403, "forbidden");

    String admin = token("dave", List.of("auditors", "gateway-admins"));
    HttpProbe.Result made = as(admin, "POST", "/v1/keys", "{\"name\":\"by-sso\"}");
    assertThat(made.status()).as(made.body()).isEqualTo(201);

    JsonNode byDave = as(ROOT, "GET", "/v1/audit?actor=sso:dave", null).json().path("data");
    assertThat(byDave.findValuesAsText("action")).containsExactly("keys.create");
    assertThat(byDave.findValuesAsText("role")).containsOnly("admin");
    JsonNode byCarol = as(ROOT, "GET", "/v1/audit?actor=sso:carol", null).json().path("data");
    assertThat(byCarol.findValuesAsText("outcome")).containsExactly("forbidden");
    assertThat(byCarol.findValuesAsText("role")).containsOnly("viewer");
  }

  @Test
  void aValidTokenWithoutAnAdminRoleIsForbiddenAndABrokenOneUnauthorized() {
    assertError(
        as(token("erin", List.of("developers")), "GET", "/v1/keys", null), 403, "forbidden");
    assertError(as(token("erin", List.of()), "GET", "/v1/keys", null), 403, "forbidden");

    String forged = TestTokens.sign(stranger, claims("mallory", List.of("gateway-admins")).build());
    HttpProbe.Result refused = as(forged, "GET", "/v1/keys", null);
    assertError(refused, 401, "invalid_admin_token");
    assertThat(refused.json().path("error").path("message").asText()).contains("signature");
    assertThat(refused.body()).doesNotContain(forged.split("\\.")[2]);

    String expired =
        TestTokens.sign(
            signing,
            claims("dave", List.of("gateway-admins"))
                .expirationTime(Date.from(clock.instant().minus(Duration.ofMinutes(5))))
                .build());
    assertError(as(expired, "GET", "/v1/keys", null), 401, "invalid_admin_token");
    // The configured admin tokens keep working beside the identity provider's.
    assertThat(as(ROOT, "GET", "/v1/keys", null).status()).isEqualTo(200);
  }
}

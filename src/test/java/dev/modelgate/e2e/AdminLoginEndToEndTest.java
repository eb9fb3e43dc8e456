package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.admin.Base32;
import dev.modelgate.admin.Totp;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.MutableClock;
import dev.modelgate.testkit.TestGateway;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Admin login over the admin port: a user added with the admin API logs in with password and TOTP
 * (or a recovery code) and gets a session token that acts with the user's role; logout ends it;
 * repeated failures lock the address out; every write is audited under the user's name.
 */
class AdminLoginEndToEndTest {
  private static final String ROOT = "mg-admin-login-root-0123456789abcdef";
  private static final String PASSWORD = "correct horse battery staple";
  private final MutableClock clock = new MutableClock(Instant.parse("2030-06-01T12:00:10Z"));
  private TestGateway gateway;

  @BeforeEach
  void start() {
    String config =
        TestGateway.authBlock()
            + """
            admin:
              port: 0
              tokens:
                - name: root
                  hash: %s
            """
                .formatted(ApiKeys.hash(ROOT))
            + TestGateway.echoRoutes("echo");
    gateway = TestGateway.start(config, clock);
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private HttpProbe.Result as(String token, String method, String path, String body) {
    return HttpProbe.send(method, gateway.adminUrl() + path, token, body);
  }

  private JsonNode addUser(String name, String role) {
    HttpProbe.Result added =
        as(
            ROOT,
            "POST",
            "/v1/users",
            "{\"name\":\"%s\",\"role\":\"%s\",\"password\":\"%s\"}"
                .formatted(name, role, PASSWORD));
    assertThat(added.status()).as(added.body()).isEqualTo(201);
    return added.json();
  }

  private static String codeNow(JsonNode enrolment, Instant now) {
    String uri = enrolment.path("totp_uri").asText();
    byte[] secret = Base32.decode(uri.substring(uri.indexOf("secret=") + 7, uri.indexOf('&')));
    return Totp.code(secret, Totp.step(now));
  }

  private HttpProbe.Result login(String name, String password, String code) {
    return HttpProbe.post(
        gateway.adminUrl() + "/v1/login",
        null,
        "{\"name\":\"%s\",\"password\":\"%s\",\"code\":\"%s\"}".formatted(name, password, code));
  }

  @Test
  void aUserLogsInWithPasswordAndTotpAndActsWithTheirRoleUntilLogout() {
    JsonNode alice = addUser("alice", "operator");
    assertThat(alice.path("recovery_codes")).hasSize(10);

    String right = codeNow(alice, clock.instant());
    HttpProbe.Result wrong = login("alice", PASSWORD, right.equals("000000") ? "111111" : "000000");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.json().path("error").path("code").asText()).isEqualTo("invalid_login");
    assertThat(login("alice", "not the password", right).status()).isEqualTo(401);

    HttpProbe.Result session = login("alice", PASSWORD, right);
    assertThat(session.status()).as(session.body()).isEqualTo(200);
    String token = session.json().path("token").asText();
    assertThat(token).startsWith("mgs-");
    assertThat(session.json().path("role").asText()).isEqualTo("operator");
    assertThat(login("alice", PASSWORD, right).status()).as("a code is used once").isEqualTo(401);

    JsonNode me = as(token, "GET", "/v1/me", null).json();
    assertThat(me.path("name").asText()).isEqualTo("alice");
    assertThat(as(token, "POST", "/v1/keys", "{\"name\":\"by-alice\"}").status()).isEqualTo(201);
    assertThat(as(token, "GET", "/v1/audit", null).status()).isEqualTo(403);
    assertThat(
            as(
                    token,
                    "POST",
                    "/v1/users",
                    "{\"name\":\"x\",\"role\":\"admin\",\"password\":\"%s\"}".formatted(PASSWORD))
                .status())
        .isEqualTo(403);

    JsonNode audit = as(ROOT, "GET", "/v1/audit?actor=alice", null).json().path("data");
    assertThat(audit.findValuesAsText("action")).contains("keys.create", "users.add");
    JsonNode adds = as(ROOT, "GET", "/v1/audit?action=users.add", null).json().path("data");
    assertThat(adds.findValuesAsText("actor")).containsExactly("alice", "root");
    assertThat(adds.findValuesAsText("outcome")).containsExactly("forbidden", "ok");

    assertThat(as(token, "POST", "/v1/logout", null).json().path("logged_out").asBoolean())
        .isTrue();
    HttpProbe.Result after = as(token, "GET", "/v1/me", null);
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.json().path("error").path("type").asText()).isEqualTo("authentication_error");
  }

  @Test
  void aRecoveryCodeLogsInOnceAndARemovedUsersSessionEndsAtOnce() {
    JsonNode bob = addUser("bob", "viewer");
    String recovery = bob.path("recovery_codes").get(0).asText();
    HttpProbe.Result session = login("bob", PASSWORD, recovery);
    assertThat(session.status()).as(session.body()).isEqualTo(200);
    assertThat(login("bob", PASSWORD, recovery).status()).isEqualTo(401);
    String token = session.json().path("token").asText();
    assertThat(as(token, "GET", "/v1/audit", null).status()).isEqualTo(200);

    JsonNode users = as(ROOT, "GET", "/v1/users", null).json().path("data");
    assertThat(users.findValuesAsText("name")).containsExactly("bob");
    assertThat(users.toString()).doesNotContain("hash").doesNotContain("secret");

    assertThat(as(ROOT, "DELETE", "/v1/users/bob", null).status()).isEqualTo(200);
    assertThat(as(token, "GET", "/v1/me", null).status()).isEqualTo(401);
    assertThat(as(ROOT, "DELETE", "/v1/users/bob", null).status()).isEqualTo(404);
  }

  @Test
  void aSessionExpiresAndRepeatedFailuresLockTheAddressOut() {
    JsonNode carol = addUser("carol", "admin");
    String token =
        login("carol", PASSWORD, codeNow(carol, clock.instant())).json().path("token").asText();
    assertThat(as(token, "GET", "/v1/users", null).status()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(31));
    assertThat(as(token, "GET", "/v1/me", null).status()).isEqualTo(401);

    for (int i = 0; i < 10; i++) {
      assertThat(login("carol", "wrong password " + i, "123456").status()).isEqualTo(401);
    }
    HttpProbe.Result locked = login("carol", PASSWORD, codeNow(carol, clock.instant()));
    assertThat(locked.status()).as(locked.body()).isEqualTo(429);
    assertThat(locked.json().path("error").path("code").asText()).isEqualTo("login_locked");
  }

  @Test
  void badLoginBodiesGetAClearErrorInTheAdminShape() {
    HttpProbe.Result notJson = HttpProbe.post(gateway.adminUrl() + "/v1/login", null, "{\"name\":");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().path("error").path("type").asText())
        .isEqualTo("invalid_request_error");
    HttpProbe.Result missing = HttpProbe.post(gateway.adminUrl() + "/v1/login", null, "{}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().path("error").path("message").asText()).contains("name");
  }
}

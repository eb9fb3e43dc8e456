package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.MutableClock;
import dev.modelgate.testkit.TestGateway;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Admin tokens with the admin, operator and viewer roles over real HTTP: each endpoint allows
 * exactly its roles, and a refusal is a 403 in the admin API's error shape that is audited too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminRolesEndToEndTest {
  private static final String ADMIN = "mg-admin-role-token-0123456789abcdef";
  private static final String OPERATOR = "mg-operator-role-token-0123456789abc";
  private static final String VIEWER = "mg-viewer-role-token-0123456789abcde";
  private TestGateway gateway;

  @BeforeAll
  void start() {
    String config =
        TestGateway.authBlock()
            + """
            admin:
              port: 0
              tokens:
                - name: root
                  hash: %s
                - name: ops
                  hash: %s
                  role: operator
                - name: auditor
                  hash: %s
                  role: viewer
            """
                .formatted(ApiKeys.hash(ADMIN), ApiKeys.hash(OPERATOR), ApiKeys.hash(VIEWER))
            + TestGateway.echoRoutes("echo");
    gateway = TestGateway.start(config, new MutableClock(Instant.parse("2030-06-01T12:00:00Z")));
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  private HttpProbe.Result as(String token, String method, String path, String body) {
    return HttpProbe.send(method, gateway.adminUrl() + path, token, body);
  }

  private static void assertForbidden(HttpProbe.Result result) {
    assertThat(result.status()).as(result.body()).isEqualTo(403);
    JsonNode error = result.json().path("error");
    assertThat(error.path("type").asText()).isEqualTo("permission_error");
    assertThat(error.path("code").asText()).isEqualTo("forbidden");
  }

  @Test
  void anOperatorManagesKeysButCannotReadTheAuditLog() {
    HttpProbe.Result made = as(OPERATOR, "POST", "/v1/keys", "{\"name\":\"by-operator\"}");
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    String id = made.json().path("id").asText();
    assertThat(as(OPERATOR, "PATCH", "/v1/keys/" + id, "{\"rpm\":3}").status()).isEqualTo(200);
    assertThat(as(OPERATOR, "GET", "/v1/keys", null).status()).isEqualTo(200);
    assertForbidden(as(OPERATOR, "GET", "/v1/audit", null));

    JsonNode entries = as(ADMIN, "GET", "/v1/audit?actor=ops", null).json().path("data");
    assertThat(entries.findValuesAsText("role")).containsOnly("operator");
    assertThat(entries.findValuesAsText("action")).contains("keys.create", "keys.update");
  }

  @Test
  void aViewerReadsKeysAndTheAuditLogAndEveryWriteIsRefusedAndAudited() {
    String id =
        as(ADMIN, "POST", "/v1/keys", "{\"name\":\"for-viewer\"}").json().path("id").asText();
    assertThat(as(VIEWER, "GET", "/v1/keys/" + id, null).status()).isEqualTo(200);
    assertThat(as(VIEWER, "GET", "/v1/audit", null).status()).isEqualTo(200);

    assertForbidden(as(VIEWER, "POST", "/v1/keys", "{\"name\":\"nope\"}"));
    assertForbidden(as(VIEWER, "PATCH", "/v1/keys/" + id, "{\"rpm\":1}"));
    assertForbidden(as(VIEWER, "POST", "/v1/keys/" + id + "/rotate", "{}"));
    assertForbidden(as(VIEWER, "POST", "/v1/keys/" + id + "/revoke", null));
    assertForbidden(as(VIEWER, "DELETE", "/v1/keys/" + id, null));
    assertThat(as(ADMIN, "GET", "/v1/keys/" + id, null).json().path("status").asText())
        .isEqualTo("active");

    JsonNode refused = as(ADMIN, "GET", "/v1/audit?actor=auditor", null).json().path("data");
    assertThat(refused).hasSize(5);
    assertThat(refused.findValuesAsText("outcome")).containsOnly("forbidden");
    assertThat(refused.findValuesAsText("role")).containsOnly("viewer");
  }
}

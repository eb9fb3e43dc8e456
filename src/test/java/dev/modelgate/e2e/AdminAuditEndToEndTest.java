package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.MutableClock;
import dev.modelgate.testkit.TestGateway;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every admin write over the admin API (real HTTP, its own port) leaves exactly one audit entry,
 * readable at {@code /v1/audit}: who, what, when, from where, before and after, and never a secret
 * or its hash.
 */
class AdminAuditEndToEndTest {
  private static final String ADMIN_TOKEN = VirtualKeyEndToEndTest.ADMIN_TOKEN;
  private final MutableClock clock = new MutableClock(Instant.parse("2030-06-01T12:00:00Z"));
  private TestGateway gateway;

  @BeforeEach
  void start() {
    gateway = TestGateway.start(VirtualKeyEndToEndTest.config(), clock);
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private HttpProbe.Result admin(String method, String path, String body) {
    return HttpProbe.send(method, gateway.adminUrl() + path, ADMIN_TOKEN, body);
  }

  private JsonNode audit(String query) {
    HttpProbe.Result read = admin("GET", "/v1/audit" + query, null);
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    return read.json().path("data");
  }

  @Test
  void everyKeyWriteLeavesExactlyOneEntryWithoutSecrets() {
    List<String> secrets = new ArrayList<>();
    HttpProbe.Result created = admin("POST", "/v1/keys", "{\"name\":\"audited\",\"rpm\":5}");
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().path("id").asText();
    secrets.add(created.json().path("key").asText());
    assertThat(audit("")).hasSize(1);

    clock.advance(java.time.Duration.ofSeconds(1));
    assertThat(admin("PATCH", "/v1/keys/" + id, "{\"rpm\":9}").status()).isEqualTo(200);
    assertThat(audit("")).hasSize(2);
    HttpProbe.Result rotated = admin("POST", "/v1/keys/" + id + "/rotate", "{\"grace\":0}");
    assertThat(rotated.status()).isEqualTo(200);
    secrets.add(rotated.json().path("key").asText());
    assertThat(audit("")).hasSize(3);
    assertThat(admin("POST", "/v1/keys/" + id + "/revoke", null).status()).isEqualTo(200);
    assertThat(admin("GET", "/v1/keys/" + id, null).status())
        .as("reads are not audited")
        .isEqualTo(200);

    JsonNode entries = audit("");
    assertThat(entries.findValuesAsText("action"))
        .containsExactly("keys.revoke", "keys.rotate", "keys.update", "keys.create");
    for (JsonNode entry : entries) {
      assertThat(entry.path("actor").asText()).isEqualTo("ops");
      assertThat(entry.path("role").asText()).isEqualTo("admin");
      assertThat(entry.path("client_address").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
      assertThat(entry.path("outcome").asText()).isEqualTo("ok");
      assertThat(entry.path("after").path("id").asText()).isEqualTo(id);
      for (String secret : secrets) {
        assertThat(entry.toString())
            .doesNotContain(secret)
            .doesNotContain(ApiKeys.hash(secret))
            .doesNotContain(ApiKeys.hash(secret).substring(7));
      }
    }
    JsonNode update = entries.get(2);
    assertThat(update.path("target").asText()).isEqualTo(id);
    assertThat(update.path("before").path("rpm").asInt()).isEqualTo(5);
    assertThat(update.path("after").path("rpm").asInt()).isEqualTo(9);
    assertThat(Instant.parse(update.path("at").asText())).isEqualTo(clock.instant());
    assertThat(entries.get(3).path("before").isNull()).as("nothing before a create").isTrue();
    assertThat(entries.get(0).path("after").path("status").asText()).isEqualTo("revoked");
  }

  @Test
  void aRefusedWriteIsAuditedWithItsErrorAndTheLogFiltersAndLimits() {
    assertThat(admin("POST", "/v1/keys/vk_missing/revoke", null).status()).isEqualTo(404);
    assertThat(admin("POST", "/v1/keys", "{\"name\":\"one\"}").status()).isEqualTo(201);
    assertThat(admin("POST", "/v1/keys", "{\"name\":\"two\"}").status()).isEqualTo(201);

    JsonNode refused = audit("?action=keys.revoke");
    assertThat(refused).hasSize(1);
    assertThat(refused.get(0).path("outcome").asText()).isEqualTo("not_found");
    assertThat(audit("?limit=1").findValuesAsText("target")).containsExactly("two");
    assertThat(audit("?actor=ops&action=keys.create").findValuesAsText("target"))
        .containsExactly("two", "one");
    assertThat(audit("?actor=someone-else")).isEmpty();
    assertThat(admin("GET", "/v1/audit?limit=0", null).status()).isEqualTo(400);
    assertThat(HttpProbe.send("GET", gateway.adminUrl() + "/v1/audit", "wrong", null).status())
        .isEqualTo(401);
  }
}

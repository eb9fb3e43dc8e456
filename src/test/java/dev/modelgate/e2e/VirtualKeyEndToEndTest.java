package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.MutableClock;
import dev.modelgate.testkit.TestGateway;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Virtual keys made over the admin API (real HTTP, its own port) used on the API port by the OpenAI
 * SDK: revocation, rotation with grace, expiry, the model list and the IP allowlist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VirtualKeyEndToEndTest {
  static final String ADMIN_TOKEN = "mg-admin-token-for-tests-0123456789";
  private final MutableClock clock = new MutableClock(Instant.parse("2030-06-01T12:00:00Z"));
  private TestGateway gateway;

  static String config() {
    return TestGateway.authBlock()
        + """
        store:
          refresh_interval: 100ms
        admin:
          port: 0
          tokens:
            - name: ops
              hash: %s
        """
            .formatted(ApiKeys.hash(ADMIN_TOKEN))
        + TestGateway.echoRoutes("echo", "secret");
  }

  @BeforeAll
  void start() {
    gateway = TestGateway.start(config(), clock);
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  private HttpProbe.Result admin(String method, String path, String body) {
    return HttpProbe.send(method, gateway.adminUrl() + "/v1/keys" + path, ADMIN_TOKEN, body);
  }

  private JsonNode create(String body) {
    HttpProbe.Result created = admin("POST", "", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json();
  }

  private OpenAIClient sdk(String key) {
    return gateway.openAiClient(key);
  }

  private static String chat(OpenAIClient client, String model) {
    ChatCompletion completion =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model(model)
                    .addUserMessage("hi there")
                    .build());
    return completion.choices().getFirst().message().content().orElseThrow();
  }

  private HttpProbe.Result rawChat(String key, String model) {
    return HttpProbe.post(
        gateway.baseUrl() + "/v1/chat/completions",
        key,
        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  @Test
  void aKeyMadeOverTheAdminApiServesChatsAndOnlyItsModels() {
    JsonNode created =
        create(
            "{\"name\":\"search-app\",\"owner\":\"alice\",\"team\":\"search\",\"models\":[\"echo\"],\"rpm\":60,\"budget_usd\":25.5,\"budget_period\":\"monthly\"}");
    String secret = created.path("key").asText();
    assertThat(secret).startsWith("mg-");
    assertThat(created.path("status").asText()).isEqualTo("active");
    assertThat(created.path("key_hint").asText()).endsWith(secret.substring(secret.length() - 4));

    assertThat(chat(sdk(secret), "echo")).contains("hi there");
    assertThatThrownBy(() -> chat(sdk(secret), "secret"))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.code()).contains("model_not_found"));

    JsonNode shown = admin("GET", "/" + created.path("id").asText(), null).json();
    assertThat(shown.has("key")).as("the secret is shown once").isFalse();
    assertThat(shown.toString()).doesNotContain(secret).doesNotContain(ApiKeys.hash(secret));
    assertThat(shown.path("team").asText()).isEqualTo("search");
    assertThat(shown.path("rpm").asInt()).isEqualTo(60);
    assertThat(shown.path("budget_usd").decimalValue()).isEqualByComparingTo("25.5");
    assertThat(admin("GET", "", null).json().path("data").findValuesAsText("id"))
        .contains(created.path("id").asText());

    HttpProbe.Result widened =
        admin("PATCH", "/" + created.path("id").asText(), "{\"models\":[\"echo\",\"secret\"]}");
    assertThat(widened.status()).isEqualTo(200);
    assertThat(chat(sdk(secret), "secret")).contains("hi there");
  }

  @Test
  void aRevokedKeyIsRefusedInOpenAisErrorShape() {
    JsonNode created = create("{\"name\":\"leaked\"}");
    String secret = created.path("key").asText();
    assertThat(rawChat(secret, "echo").status()).isEqualTo(200);

    HttpProbe.Result revoked = admin("POST", "/" + created.path("id").asText() + "/revoke", null);
    assertThat(revoked.json().path("status").asText()).isEqualTo("revoked");

    HttpProbe.Result refused = rawChat(secret, "echo");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().path("error").path("code").asText()).isEqualTo("invalid_api_key");
    assertThat(refused.json().path("error").path("type").asText())
        .isEqualTo("invalid_request_error");
    assertThatThrownBy(() -> chat(sdk(secret), "echo")).isInstanceOf(UnauthorizedException.class);
    assertThat(admin("POST", "/" + created.path("id").asText() + "/revoke", null).status())
        .isEqualTo(409);
  }

  @Test
  void aRotatedKeysOldSecretWorksUntilTheGraceEnds() {
    JsonNode created = create("{\"name\":\"rotating\"}");
    String id = created.path("id").asText();
    String old = created.path("key").asText();

    JsonNode rotated = admin("POST", "/" + id + "/rotate", "{\"grace\":\"10m\"}").json();
    String fresh = rotated.path("key").asText();
    assertThat(fresh).startsWith("mg-").isNotEqualTo(old);
    assertThat(rotated.path("id").asText()).isEqualTo(id);
    assertThat(Instant.parse(rotated.path("previous_key_valid_until").asText()))
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
    assertThat(rawChat(old, "echo").status()).isEqualTo(200);
    assertThat(rawChat(fresh, "echo").status()).isEqualTo(200);

    clock.advance(Duration.ofMinutes(10));
    assertThat(rawChat(old, "echo").status()).isEqualTo(401);
    assertThat(rawChat(fresh, "echo").status()).isEqualTo(200);
  }

  @Test
  void anExpiredKeyIsRefused() {
    Instant expiry = clock.instant().plus(Duration.ofHours(1));
    String secret =
        create("{\"name\":\"temp\",\"expires_at\":\"" + expiry + "\"}").path("key").asText();
    assertThat(rawChat(secret, "echo").status()).isEqualTo(200);

    clock.advance(Duration.ofHours(1));
    HttpProbe.Result refused = rawChat(secret, "echo");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().path("error").path("message").asText()).contains("expired");
  }

  @Test
  void theIpAllowlistIsEnforcedPerKey() {
    String elsewhere =
        create("{\"name\":\"office\",\"ip_allowlist\":[\"10.0.0.0/8\",\"2001:db8::/32\"]}")
            .path("key")
            .asText();
    String loopback =
        create("{\"name\":\"local\",\"ip_allowlist\":[\"127.0.0.0/8\"]}").path("key").asText();

    HttpProbe.Result refused = rawChat(elsewhere, "echo");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().path("error").path("code").asText()).isEqualTo("permission_denied");
    assertThat(refused.json().path("error").path("message").asText()).contains("127.0.0.1");
    assertThat(HttpProbe.get(gateway.baseUrl() + "/v1/models", elsewhere).status()).isEqualTo(403);
    assertThat(rawChat(loopback, "echo").status()).isEqualTo(200);
  }

  @Test
  void theAdminApiWantsAnAdminTokenAndLivesOnlyOnItsOwnPort() {
    HttpProbe.Result anonymous = HttpProbe.get(gateway.adminUrl() + "/v1/keys", null);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.json().path("error").path("code").asText())
        .isEqualTo("missing_admin_token");
    HttpProbe.Result clientKey = HttpProbe.get(gateway.adminUrl() + "/v1/keys", TestGateway.KEY);
    assertThat(clientKey.status()).isEqualTo(401);
    assertThat(clientKey.json().path("error").path("code").asText())
        .isEqualTo("invalid_admin_token");
    assertThat(HttpProbe.get(gateway.baseUrl() + "/admin/v1/keys", ADMIN_TOKEN).status())
        .isEqualTo(404);
  }

  @Test
  void invalidKeyRequestsAreRefusedWithTheFieldNamed() {
    HttpProbe.Result badCidr =
        admin("POST", "", "{\"name\":\"x\",\"ip_allowlist\":[\"10.0.0.0/33\"]}");
    assertThat(badCidr.status()).isEqualTo(400);
    assertThat(badCidr.json().path("error").path("message").asText())
        .startsWith("ip_allowlist[0]:");
    assertThat(
            admin("POST", "", "{\"models\":[\"echo\"]}")
                .json()
                .path("error")
                .path("message")
                .asText())
        .startsWith("name:");
    assertThat(admin("POST", "", "{\"name\":\"x\",\"colour\":\"red\"}").status()).isEqualTo(400);
    assertThat(admin("GET", "/vk_nothing", null).status()).isEqualTo(404);
  }
}

package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.openai.client.OpenAIClient;
import com.openai.errors.NotFoundException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.modelgate.auth.JwtIssuer;
import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.MutableClock;
import dev.modelgate.testkit.TestGateway;
import dev.modelgate.testkit.TestTokens;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Single sign-on tokens through the official OpenAI SDK, with the identity provider's key set
 * served on loopback and rotated while the gateway runs.
 */
class JwtSsoEndToEndTest {
  private static final String ISS = "https://sso.example.com/realms/acme";

  private final RSAKey first = TestTokens.rsaKey("2026-01");
  private final ECKey ec = TestTokens.ecKey("ec-2026-01");
  private final AtomicReference<String> jwks = new AtomicReference<>(TestTokens.jwks(first, ec));
  private final AtomicInteger fetches = new AtomicInteger();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private FakeUpstream idp;
  private TestGateway gateway;

  @BeforeEach
  void start() {
    idp =
        FakeUpstream.start()
            .respond(
                request -> {
                  fetches.incrementAndGet();
                  return FakeResponse.json(200, jwks.get());
                });
    String yaml =
        TestGateway.authBlock()
            + """
              jwt:
                - issuer: %s
                  audience: [modelgate, other-app]
                  jwks_url: %s/protocol/openid-connect/certs
                  team_claim: groups_team
                  models_claim: allowed_models
            """
                .formatted(ISS, idp.baseUrl())
            + TestGateway.echoRoutes("echo-small", "secret");
    gateway = TestGateway.start(yaml, clock);
  }

  @AfterEach
  void stop() {
    gateway.close();
    idp.close();
  }

  private JWTClaimsSet.Builder claims() {
    return TestTokens.claims(ISS, "modelgate", clock.instant())
        .claim("allowed_models", List.of("echo-*"))
        .claim("groups_team", "search");
  }

  private static String chat(OpenAIClient client, String model) {
    return client
        .chat()
        .completions()
        .create(
            ChatCompletionCreateParams.builder().model(model).addUserMessage("hi there").build())
        .choices()
        .getFirst()
        .message()
        .content()
        .orElseThrow();
  }

  private void unauthorized(String token, String message) {
    assertThatThrownBy(() -> chat(gateway.openAiClient(token), "echo-small"))
        .isInstanceOfSatisfying(
            UnauthorizedException.class,
            e -> {
              assertThat(e.getMessage()).contains(message);
              assertThat(e.getMessage()).doesNotContain(token.split("\\.")[2]);
            });
  }

  /**
   * Rewrites the configuration with one issuer of this test's IdP and {@code settings} (YAML lines
   * of its own), and echo routes for {@code models}, until {@code inForce} holds for the issuer.
   */
  private void reloadIssuer(String settings, Predicate<JwtIssuer> inForce, String... models) {
    String indented =
        settings.lines().map(line -> "      " + line + "\n").reduce("", String::concat);
    gateway.rewrite(
        TestGateway.authBlock()
            + """
              jwt:
                - issuer: %s
                  audience: [modelgate]
                  jwks_url: %s/protocol/openid-connect/certs
            """
                .formatted(ISS, idp.baseUrl())
            + indented
            + TestGateway.echoRoutes(models));
    Await.until(
        () -> inForce.test(gateway.gateway().runtime().get().config().auth().jwt().getFirst()),
        "the reload is in force");
  }

  /** With required scopes, a valid token lacking one gets 403 in OpenAI's shape after a reload. */
  @Test
  void aTokenWithoutTheRequiredScopeIsForbidden() {
    reloadIssuer(
        "models_claim: allowed_models\nrequired_scopes: [modelgate.chat]",
        issuer -> !issuer.requiredScopes().isEmpty(),
        "echo-small");
    String plain = TestTokens.sign(first, claims().claim("scope", "openid").build());
    assertThatThrownBy(() -> chat(gateway.openAiClient(plain), "echo-small"))
        .isInstanceOfSatisfying(
            PermissionDeniedException.class,
            e -> assertThat(e.getMessage()).contains("lacks the scope modelgate.chat"));
    String granted =
        TestTokens.sign(first, claims().claim("scope", "openid modelgate.chat").build());
    assertThat(chat(gateway.openAiClient(granted), "echo-small")).contains("hi there");
  }

  /** With scope_models, the models a token may use follow its scopes, through a reload. */
  @Test
  void aTokensScopesDecideItsModels() {
    reloadIssuer(
        "scope_models: {llm.basic: [echo-small], llm.all: [\"*\"]}",
        issuer -> !issuer.scopeModels().isEmpty(),
        "echo-small",
        "secret");
    String basic = TestTokens.sign(first, claims().claim("scope", "openid llm.basic").build());
    assertThat(chat(gateway.openAiClient(basic), "echo-small")).contains("hi there");
    assertThatThrownBy(() -> chat(gateway.openAiClient(basic), "secret"))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.code()).contains("model_not_found"));
    String all = TestTokens.sign(first, claims().claim("scope", "llm.all").build());
    assertThat(chat(gateway.openAiClient(all), "secret")).contains("hi there");
  }

  /**
   * With operation_scopes, a token needs one of an operation's scopes to make its requests: 403 in
   * OpenAI's shape otherwise, and the operations left unnamed stay open to any valid token.
   */
  @Test
  void aTokensScopesDecideWhichOperationsItMayCall() {
    reloadIssuer(
        "models_claim: allowed_models\noperation_scopes: {embedding: [llm.embed, llm.all]}",
        issuer -> !issuer.operationScopes().isEmpty(),
        "echo-small");
    String chatOnly = TestTokens.sign(first, claims().claim("scope", "openid llm.chat").build());
    String embedder = TestTokens.sign(first, claims().claim("scope", "openid llm.embed").build());
    assertThat(chat(gateway.openAiClient(chatOnly), "echo-small")).contains("hi there");
    assertThatThrownBy(() -> embed(gateway.openAiClient(chatOnly)))
        .isInstanceOfSatisfying(
            PermissionDeniedException.class,
            e -> assertThat(e.getMessage()).contains("lacks a scope that grants embedding"));
    assertThat(embed(gateway.openAiClient(embedder))).isNotEmpty();
  }

  private static List<Float> embed(OpenAIClient client) {
    return client
        .embeddings()
        .create(EmbeddingCreateParams.builder().model("echo-small").input("hi there").build())
        .data()
        .getFirst()
        .embedding();
  }

  @Test
  void rs256AndEs256TokensChatAndOnlyWithTheirModels() {
    String token = TestTokens.sign(first, claims().build());
    assertThat(chat(gateway.openAiClient(token), "echo-small")).contains("hi there");
    assertThatThrownBy(() -> chat(gateway.openAiClient(token), "secret"))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.code()).contains("model_not_found"));
    assertThat(chat(gateway.openAiClient(TestTokens.sign(ec, claims().build())), "echo-small"))
        .contains("hi there");
    assertThat(chat(gateway.openAiClient(TestGateway.KEY), "secret"))
        .as("API keys work beside tokens")
        .contains("hi there");
    assertThat(fetches.get()).as("one fetch serves both keys").isEqualTo(1);
  }

  @Test
  void aRotatedKeyIsFetchedOnItsUnknownKidAndTheOldKeyWorksWhileInTheSet() {
    assertThat(chat(gateway.openAiClient(TestTokens.sign(first, claims().build())), "echo-small"))
        .contains("hi there");
    RSAKey second = TestTokens.rsaKey("2026-02");
    jwks.set(TestTokens.jwks(second, first));
    clock.advance(JwtIssuer.DEFAULT_JWKS_MIN_REFRESH);

    assertThat(chat(gateway.openAiClient(TestTokens.sign(second, claims().build())), "echo-small"))
        .contains("hi there");
    assertThat(fetches.get()).isEqualTo(2);
    assertThat(chat(gateway.openAiClient(TestTokens.sign(first, claims().build())), "echo-small"))
        .as("the old kid is still in the set")
        .contains("hi there");

    jwks.set(TestTokens.jwks(second));
    clock.advance(JwtIssuer.DEFAULT_JWKS_MAX_AGE);
    unauthorized(TestTokens.sign(first, claims().build()), "signature is invalid");
    assertThat(chat(gateway.openAiClient(TestTokens.sign(second, claims().build())), "echo-small"))
        .contains("hi there");
  }

  @Test
  void wrongAudienceIssuerOrAnExpiredTokenIsRefused() {
    unauthorized(TestTokens.sign(first, claims().audience("billing").build()), "audience");
    unauthorized(
        TestTokens.sign(first, claims().issuer("https://evil.example").build()),
        "issuer is not trusted");
    unauthorized(
        TestTokens.sign(
            first, claims().expirationTime(Date.from(clock.instant().minusSeconds(120))).build()),
        "has expired");
    String valid = TestTokens.sign(first, claims().build());
    clock.advance(java.time.Duration.ofMinutes(7));
    unauthorized(valid, "has expired");
  }

  private HttpProbe.Result messages(String header, String token) {
    return HttpProbe.post(
        gateway.baseUrl() + "/v1/messages",
        null,
        "{\"model\":\"echo-small\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        java.util.Map.of(header, token));
  }

  @Test
  void tokensComeInTheKeyHeadersAndTheAnthropicDoorAnswersABadOneInItsShape() {
    String good = TestTokens.sign(ec, claims().build());
    assertThat(messages("x-api-key", good).status()).isEqualTo(200);
    assertThat(messages("api-key", good).status()).isEqualTo(200);
    String token = TestTokens.sign(first, claims().audience("billing").build());
    HttpProbe.Result answer = messages("x-api-key", token);
    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.json().path("type").asText()).isEqualTo("error");
    assertThat(answer.json().path("error").path("type").asText()).isEqualTo("authentication_error");
    assertThat(answer.body()).doesNotContain(token.split("\\.")[2]);
  }
}

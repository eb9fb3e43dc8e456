package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A canary through the whole gateway with the OpenAI SDK as client: a stable and a candidate fake
 * upstream, users split by the request's {@code user} field, and the admin endpoint.
 */
class CanaryEndToEndTest {
  static final String ADMIN_KEY = "mg-admin-key-0123456789";

  private FakeUpstream stable;
  private FakeUpstream candidate;
  private TestGateway gateway;
  private OpenAIClient client;
  private final AtomicBoolean candidateBroken = new AtomicBoolean();

  /** The test key and an admin key ({@link #ADMIN_KEY}) for the rollout endpoints. */
  static String authWithAdmin() {
    return TestGateway.authBlock()
        + "    - name: ops\n      hash: "
        + ApiKeys.hash(ADMIN_KEY)
        + "\n      admin: true\n";
  }

  static String config(String stableBase, String candidateBase, String extra) {
    return authWithAdmin()
        + """
        upstreams:
          - name: stable
            type: openai
            dialect: openai
            base_url: %s
            api_key: sk-stable
          - name: candidate
            type: openai
            dialect: openai
            base_url: %s
            api_key: sk-candidate
        routes:
        %s
          - model: plain
            targets: [{upstream: stable, model: stable-model}]
          - model: team/chat
            targets: [{upstream: stable, model: stable-model}]
            canary: {targets: [{upstream: candidate, model: candidate-model}], stages: [10]}
        """
            .formatted(stableBase, candidateBase, CHAT_ROUTE.stripTrailing())
        + extra;
  }

  /**
   * Route {@code chat}: upstream {@code stable}, and a canary on upstream {@code candidate} at 50%
   * then 100%, judged on ten requests per side and stage, users split by the {@code user} field.
   */
  static final String CHAT_ROUTE =
      """
        - model: chat
          targets: [{upstream: stable, model: stable-model}]
          canary:
            targets: [{upstream: candidate, model: candidate-model}]
            stages: [50, 100]
            min_requests: 10
            min_duration: 1h
            sticky: user
            bounds: {error_rate_increase: 0.05, latency_ratio: 100, ttft_ratio: 100, latency_slack: 1s}
      """;

  @BeforeEach
  void start() {
    stable = FakeUpstream.start().respond(OpenAiUpstreamScript::answer);
    candidate =
        FakeUpstream.start()
            .respond(
                request ->
                    candidateBroken.get()
                        ? FakeResponse.json(
                            500,
                            "{\"error\":{\"message\":\"candidate broke\",\"type\":\"server_error\"}}")
                        : OpenAiUpstreamScript.answer(request));
    gateway = TestGateway.start(config(stable.baseUrl(), candidate.baseUrl(), ""));
    client = gateway.openAiClient();
  }

  @AfterEach
  void stop() {
    gateway.close();
    stable.close();
    candidate.close();
  }

  private ChatCompletion ask(String user) {
    return client
        .chat()
        .completions()
        .create(
            ChatCompletionCreateParams.builder()
                .model("chat")
                .user(user)
                .addUserMessage("hello " + user)
                .build());
  }

  private JsonNode rollout(String key) {
    HttpProbe.Result result = HttpProbe.get(gateway.baseUrl() + "/admin/routes/chat/rollout", key);
    assertThat(result.status()).as(result.body()).isEqualTo(200);
    return result.json();
  }

  private HttpProbe.Result act(String action, String body) {
    return HttpProbe.post(
        gateway.baseUrl() + "/admin/routes/chat/rollout/" + action, ADMIN_KEY, body);
  }

  @Test
  void aCandidateThatStartsFailingIsRolledBackWhileNoClientRequestFails() {
    for (int i = 0; i < 20; i++) {
      assertThat(ask("user-" + i).choices().getFirst().message().content())
          .hasValueSatisfying(text -> assertThat(text).startsWith("echo: hello"));
    }
    assertThat(candidate.requests()).isNotEmpty(); // about half of the users are on the candidate
    assertThat(rollout(ADMIN_KEY).path("status").asText()).isEqualTo("running");

    candidateBroken.set(true);
    for (int i = 0; i < 40; i++) {
      // Every call is answered: a failed candidate attempt is served by the stable side.
      assertThat(ask("user-" + i).choices().getFirst().message().content())
          .hasValueSatisfying(text -> assertThat(text).startsWith("echo: hello"));
    }

    JsonNode state = rollout(ADMIN_KEY);
    assertThat(state.path("status").asText()).isEqualTo("rolled_back");
    assertThat(state.path("percent").asDouble()).isZero();
    JsonNode last = state.path("history").get(state.path("history").size() - 1);
    assertThat(last.path("action").asText()).isEqualTo("rolled_back");
    assertThat(last.path("by").asText()).isEqualTo("auto");
    assertThat(last.path("reason").asText()).startsWith("candidate error rate");
    assertThat(state.path("sides").path("candidate").path("errors").asLong()).isPositive();

    int candidateCalls = candidate.requests().size();
    for (int i = 0; i < 10; i++) {
      ask("user-" + i);
    }
    assertThat(candidate.requests()).as("no traffic after the rollback").hasSize(candidateCalls);
  }

  @Test
  void theForceHeaderSendsATesterToTheCandidate() {
    candidate.reset();
    for (int i = 0; i < 5; i++) {
      HttpProbe.Result result =
          HttpProbe.post(
              gateway.baseUrl() + "/v1/chat/completions",
              TestGateway.KEY,
              "{\"model\":\"chat\",\"user\":\"u"
                  + i
                  + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
              java.util.Map.of("X-ModelGate-Canary", "candidate"));
      assertThat(result.status()).isEqualTo(200);
    }
    assertThat(candidate.requests()).hasSize(5);
    assertThat(candidate.lastRequest().bodyText()).contains("\"model\":\"candidate-model\"");
    // Forced calls are not part of the rollout's sample.
    assertThat(rollout(ADMIN_KEY).path("sides").path("candidate").path("requests").asLong())
        .isZero();
  }

  @Test
  void theAdminEndpointShowsAndChangesTheRolloutForAdminKeysOnly() {
    String url = gateway.baseUrl() + "/admin/routes/chat/rollout";
    assertThat(HttpProbe.get(url, null).status()).isEqualTo(401);
    assertThat(HttpProbe.get(url, TestGateway.KEY).status()).isEqualTo(403);
    assertThat(HttpProbe.post(url + "/pause", TestGateway.KEY, "").status()).isEqualTo(403);
    assertThat(HttpProbe.get(gateway.baseUrl() + "/admin/routes/plain/rollout", ADMIN_KEY).status())
        .isEqualTo(404);
    HttpProbe.Result slashed =
        HttpProbe.get(gateway.baseUrl() + "/admin/routes/team/chat/rollout", ADMIN_KEY);
    assertThat(slashed.json().path("route").asText()).isEqualTo("team/chat");
    assertThat(slashed.json().path("percent").asDouble()).isEqualTo(10);

    ask("someone");
    JsonNode state = rollout(ADMIN_KEY);
    assertThat(state.path("stage").asInt()).isZero();
    assertThat(state.path("percent").asDouble()).isEqualTo(50);
    assertThat(state.path("stages").toString()).isEqualTo("[50.0,100.0]");
    long served =
        state.path("sides").path("stable").path("requests").asLong()
            + state.path("sides").path("candidate").path("requests").asLong();
    assertThat(served).isEqualTo(1);
    assertThat(state.path("sides").path("stable").has("p95_latency_ms")).isTrue();
    assertThat(state.path("sides").path("candidate").has("p95_ttft_ms")).isTrue();

    assertThat(act("pause", "").json().path("status").asText()).isEqualTo("paused");
    assertThat(act("pause", "").status()).isEqualTo(409);
    assertThat(act("resume", "").json().path("status").asText()).isEqualTo("running");
    JsonNode advanced = act("advance", "{\"reason\":\"looks good\"}").json();
    assertThat(advanced.path("percent").asDouble()).isEqualTo(100);
    HttpProbe.Result rolledBack = act("rollback", "{\"reason\":\"pager went off\"}");
    assertThat(rolledBack.status()).isEqualTo(200);
    JsonNode history = rolledBack.json().path("history");
    assertThat(history.get(history.size() - 1).path("reason").asText()).isEqualTo("pager went off");
    assertThat(history.get(history.size() - 1).path("by").asText()).isEqualTo("admin");
    assertThat(act("explode", "").status()).isEqualTo(400);

    // With the candidate at 0%, every user is on the stable side.
    candidate.reset();
    for (int i = 0; i < 10; i++) {
      ask("user-" + i);
    }
    assertThat(candidate.requests()).isEmpty();
  }

  @Test
  void metricsShowTheCanaryAndAReloadKeepsAnUnchangedRollout() throws Exception {
    ask("someone");
    act("advance", "");
    HttpProbe.Result metrics = HttpProbe.get(gateway.baseUrl() + "/metrics", null);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("modelgate_canary_percent{route=\"chat\"} 100.0")
        .contains("modelgate_canary_status{route=\"chat\",status=\"running\"} 1.0")
        .containsPattern(
            "modelgate_canary_requests_total\\{outcome=\"success\",route=\"chat\",side=\"(stable|candidate)\"} 1.0");

    var before = gateway.gateway().runtime().get();
    gateway.rewrite(
        config(
            stable.baseUrl(),
            candidate.baseUrl(),
            "  - model: added\n    targets: [{upstream: stable, model: x}]\n"));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (gateway.gateway().runtime().get() == before) {
      assertThat(System.nanoTime()).as("reload within 10 s").isLessThan(deadline);
      Thread.sleep(50);
    }
    assertThat(rollout(ADMIN_KEY).path("percent").asDouble()).isEqualTo(100);
  }
}

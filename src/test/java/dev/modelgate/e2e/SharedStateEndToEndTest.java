package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.policy.canary.Side;
import dev.modelgate.policy.canary.StickySplit;
import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import dev.modelgate.testkit.TestRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two gateways sharing the machine's Redis (under a prefix of this test's own): a cached answer,
 * streamed or not, made on one is a hit on the other; a circuit opened by failures on one keeps the
 * other away from the target; an upstream key refused on one is not tried by the other; a canary is
 * judged on both instances' figures together and rolled back on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedStateEndToEndTest {
  private static final String DOWN =
      "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}";

  private TestRedis.Shared redis;
  private FakeUpstream answers;
  private FakeUpstream failing;
  private FakeUpstream pooled;
  private FakeUpstream candidate;
  private TestGateway first;
  private TestGateway second;

  @BeforeAll
  void start() {
    redis = redis();
    answers = FakeUpstream.start().respond(OpenAiUpstreamScript::answer);
    failing = FakeUpstream.start().respond(FakeResponse.json(503, DOWN));
    pooled = ResilienceEndToEndTest.refusingKeyA();
    candidate = FakeUpstream.start().respond(FakeResponse.json(500, DOWN));
    first = TestGateway.start(config());
    second = TestGateway.start(config());
  }

  /** The Redis the two gateways share: the machine's, under a prefix of this test's own. */
  TestRedis.Shared redis() {
    return TestRedis.shared();
  }

  private String config() {
    return CanaryEndToEndTest.authWithAdmin()
        + """
        upstreams:
          - {name: stable, type: openai, base_url: %s}
          - {name: failing, type: openai, base_url: %s}
          - {name: pooled, type: openai, base_url: %s, api_keys: [key-a, key-b], key_cooldown: 10m}
          - {name: candidate, type: openai, base_url: %s}
        routes:
          - model: cached
            targets: [{upstream: stable, model: m}]
            cache: {ttl: 10m}
          - model: bounded
            targets: [{upstream: stable, model: m}]
            cache: {ttl: 10m, max_entries: 2}
          - model: guarded
            targets: [{upstream: failing, model: f}]
            breaker: {consecutive_failures: 2, cool_down: 10m}
          - model: pooled-model
            targets: [{upstream: pooled, model: p}]
          - model: limited
            targets: [{upstream: stable, model: m}]
            rate_limit: {rpm: 5}
        """
            .formatted(
                answers.baseUrl() + "/v1",
                failing.baseUrl() + "/v1",
                pooled.baseUrl() + "/v1",
                candidate.baseUrl() + "/v1")
        + CanaryEndToEndTest.CHAT_ROUTE
        + "rate_limits:\n  models: {limited: {rpm: 3}}\n"
        + redis.yaml();
  }

  @AfterAll
  void stop() {
    second.close();
    first.close();
    for (FakeUpstream upstream : List.of(answers, failing, pooled, candidate)) {
      upstream.close();
    }
    redis.close();
  }

  private static HttpProbe.Result chat(TestGateway gateway, String model, String body) {
    return HttpProbe.post(
        gateway.baseUrl() + "/v1/chat/completions",
        TestGateway.KEY,
        "{\"model\":\"" + model + "\"," + body + "}");
  }

  private long redisKeys(String pattern) {
    return redis.keys(pattern);
  }

  private static String metrics(TestGateway gateway) {
    return HttpProbe.get(gateway.baseUrl() + "/metrics", TestGateway.KEY).body();
  }

  private static int chatStatus(TestGateway gateway, String key) {
    return HttpProbe.post(
            gateway.baseUrl() + "/v1/chat/completions",
            key,
            "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
        .status();
  }

  @Test
  void failedAuthenticationsSpreadOverTwoInstancesLockTheAddressOutOnBoth() {
    String config =
        "server:\n  host: 127.0.0.1\n  port: 0\n"
            + "  auth_lockout: {failures: 4, window: 1m, lockout: 5m}\n"
            + TestGateway.authBlock()
            + TestGateway.echoRoutes("echo")
            + redis.yaml();
    try (TestGateway a = TestGateway.start(config);
        TestGateway b = TestGateway.start(config)) {
      for (TestGateway gateway : List.of(b, b, a)) {
        assertThat(chatStatus(gateway, "mg-wrong")).isEqualTo(401);
      }
      assertThat(chatStatus(b, TestGateway.KEY))
          .as("three failures of four: the right key still works, and clears the count")
          .isEqualTo(200);
      for (TestGateway gateway : List.of(b, b, a, b)) {
        assertThat(chatStatus(gateway, "mg-wrong"))
            .as("the failure that reaches the limit is still a 401; the lockout starts after it")
            .isEqualTo(401);
      }
      assertThat(chatStatus(b, TestGateway.KEY))
          .as("locked out on b, whatever key it brings")
          .isEqualTo(429);
      assertThat(chatStatus(a, "mg-wrong"))
          .as("a learns of the fleet's lockout with its next failure (its own third)")
          .isEqualTo(401);
      assertThat(chatStatus(a, TestGateway.KEY)).isEqualTo(429);
    }
  }

  @Test
  void twoInstancesShareCacheHitsThroughRedis() {
    String question = "\"messages\":[{\"role\":\"user\",\"content\":\"what is shared?\"}]";
    HttpProbe.Result made = chat(first, "cached", question);
    assertThat(made.status()).as(made.body()).isEqualTo(200);
    assertThat(made.header("x-modelgate-cache")).isEqualTo("miss");
    Await.until(() -> redisKeys("cache:cached:*") == 1, "the answer in Redis");

    HttpProbe.Result hit = chat(second, "cached", question);
    assertThat(hit.status()).isEqualTo(200);
    assertThat(hit.header("x-modelgate-cache")).isEqualTo("hit");
    assertThat(hit.json().path("choices")).isEqualTo(made.json().path("choices"));
    assertThat(answers.requests().stream().filter(r -> r.bodyText().contains("what is shared")))
        .hasSize(1);

    // A stream is kept event by event and replayed as the same stream on the other instance.
    String streamed =
        "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"stream it, please\"}]";
    HttpProbe.Result original = chat(first, "cached", streamed);
    assertThat(original.header("x-modelgate-cache")).isEqualTo("miss");
    assertThat(original.events()).isNotEmpty().endsWith("[DONE]");
    Await.until(() -> redisKeys("cache:cached:*") == 2, "the stream in Redis");
    HttpProbe.Result replayed = chat(second, "cached", streamed);
    assertThat(replayed.header("x-modelgate-cache")).isEqualTo("hit");
    assertThat(replayed.events()).isEqualTo(original.events());
    assertThat(answers.requests().stream().filter(r -> r.bodyText().contains("stream it")))
        .hasSize(1);
    assertThat(metrics(second))
        .contains("modelgate_cache_requests_total{result=\"hit\",route=\"cached\"} 2.0");
  }

  /** Redis keeps a route's max_entries answers, the oldest stored going first. */
  @Test
  void redisKeepsARoutesMaxEntriesNewestAnswers() {
    for (String question : List.of("one", "two", "three")) {
      assertThat(chat(first, "bounded", ask(question)).header("x-modelgate-cache"))
          .isEqualTo("miss");
    }
    Await.until(() -> redisKeys("cache:bounded:*") == 2, "two answers in Redis");

    assertThat(chat(second, "bounded", ask("three")).header("x-modelgate-cache")).isEqualTo("hit");
    assertThat(chat(second, "bounded", ask("two")).header("x-modelgate-cache")).isEqualTo("hit");
    assertThat(chat(second, "bounded", ask("one")).header("x-modelgate-cache"))
        .as("the oldest answer left Redis")
        .isEqualTo("miss");
  }

  private static String ask(String question) {
    return "\"messages\":[{\"role\":\"user\",\"content\":\"bounded " + question + "\"}]";
  }

  @Test
  void aRateLimitIsCountedForBothInstancesTogether() {
    String question = "\"messages\":[{\"role\":\"user\",\"content\":\"count me\"}]";
    // Each call takes from two buckets at once (the route's 5 and the model's 3 per minute), in one
    // script over both keys; the calls alternate between the instances.
    for (int i = 0; i < 3; i++) {
      HttpProbe.Result admitted = chat(i % 2 == 0 ? first : second, "limited", question);
      assertThat(admitted.status()).as(admitted.body()).isEqualTo(200);
    }
    for (TestGateway gateway : List.of(first, second)) {
      HttpProbe.Result refused = chat(gateway, "limited", question);
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.header("x-modelgate-ratelimit-scope")).isEqualTo("model");
    }
    assertThat(redisKeys("rl:*")).isPositive();
  }

  @Test
  void aCircuitOpenedByFailuresOnOneInstanceIsOpenOnTheOther() {
    for (int i = 0; i < 2; i++) {
      assertThat(
              chat(first, "guarded", "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]")
                  .status())
          .isGreaterThanOrEqualTo(500);
    }
    assertThat(failing.requests()).hasSize(2);
    assertThat(metrics(first))
        .contains("modelgate_breaker_state{route=\"guarded\",target=\"failing/f\"} 2.0");

    HttpProbe.Result skipped =
        chat(second, "guarded", "\"messages\":[{\"role\":\"user\",\"content\":\"y\"}]");
    assertThat(skipped.status()).isEqualTo(502);
    assertThat(skipped.body()).contains("its circuit is open");
    assertThat(failing.requests()).as("the second instance never tried the open target").hasSize(2);
    assertThat(metrics(second))
        .contains("modelgate_breaker_state{route=\"guarded\",target=\"failing/f\"} 2.0");
  }

  @Test
  void anUpstreamKeyRefusedOnOneInstanceIsSetAsideOnTheOther() {
    String ask = "\"messages\":[{\"role\":\"user\",\"content\":\"pooled\"}]";
    // key-a and key-b are used in turn: within two calls the first instance meets key-a's 429.
    for (int i = 0; i < 2; i++) {
      assertThat(chat(first, "pooled-model", ask).status()).isEqualTo(200);
    }
    assertThat(keyARequests()).isEqualTo(1);

    for (int i = 0; i < 4; i++) {
      assertThat(chat(second, "pooled-model", ask).status()).isEqualTo(200);
    }
    assertThat(keyARequests()).as("the second instance never sent the refused key").isEqualTo(1);
    assertThat(metrics(second))
        .contains("modelgate_upstream_keys_available{upstream=\"pooled\"} 1.0");
  }

  private long keyARequests() {
    return pooled.requests().stream()
        .filter(r -> "Bearer key-a".equals(r.header("authorization")))
        .count();
  }

  @Test
  void aCanaryIsJudgedOnTheFiguresOfBothInstances() {
    // Six users per side on each instance: neither alone reaches the ten candidate requests a
    // stage needs, together they do. Every candidate attempt fails and is served by the stable
    // side.
    List<String> users = usersWithSides(12);
    for (String user : users.subList(0, 12)) {
      assertThat(ask(first, user).status()).isEqualTo(200);
    }
    assertThat(rollout(first).path("status").asText()).isEqualTo("running");
    assertThat(rollout(first).path("sides").path("candidate").path("requests").asLong())
        .isEqualTo(6);

    for (String user : users.subList(12, 24)) {
      assertThat(ask(second, user).status()).isEqualTo(200);
    }
    JsonNode decided = rollout(second);
    assertThat(decided.path("status").asText()).isEqualTo("rolled_back");
    // Decided as the fleet reached ten candidate requests: the second instance had sent four.
    assertThat(decided.path("sides").path("candidate").path("requests").asLong())
        .isGreaterThanOrEqualTo(10);
    Await.until(
        () -> rollout(first).path("status").asText().equals("rolled_back"),
        "the first instance to take the fleet's decision");
    JsonNode taken = rollout(first);
    assertThat(taken.path("percent").asDouble()).isZero();
    JsonNode last = taken.path("history").get(taken.path("history").size() - 1);
    assertThat(last.path("action").asText()).isEqualTo("rolled_back");
    assertThat(last.path("reason").asText()).startsWith("candidate error rate 100.0%");
    assertThat(metrics(first))
        .contains("modelgate_canary_status{route=\"chat\",status=\"rolled_back\"} 1.0");
  }

  /** Users alternating candidate and stable side, {@code perInstance} for each of two instances. */
  private static List<String> usersWithSides(int perInstance) {
    List<String> candidates = new ArrayList<>();
    List<String> stables = new ArrayList<>();
    for (int i = 0; candidates.size() < perInstance || stables.size() < perInstance; i++) {
      String user = "user-" + i;
      if (StickySplit.side("chat", "USER:" + user, 50) == Side.CANDIDATE) {
        candidates.add(user);
      } else {
        stables.add(user);
      }
    }
    List<String> users = new ArrayList<>();
    for (int i = 0; i < perInstance; i++) {
      users.add(candidates.get(i));
      users.add(stables.get(i));
    }
    assertThat(Set.copyOf(users)).hasSize(2 * perInstance);
    return users;
  }

  private static HttpProbe.Result ask(TestGateway gateway, String user) {
    return chat(
        gateway,
        "chat",
        "\"user\":\"" + user + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]");
  }

  private static JsonNode rollout(TestGateway gateway) {
    HttpProbe.Result result =
        HttpProbe.get(
            gateway.baseUrl() + "/admin/routes/chat/rollout", CanaryEndToEndTest.ADMIN_KEY);
    assertThat(result.status()).as(result.body()).isEqualTo(200);
    return result.json();
  }
}

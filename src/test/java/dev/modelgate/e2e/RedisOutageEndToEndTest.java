package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import dev.modelgate.testkit.TestRedis;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Two gateways on a Redis of the test's own that is stopped mid-run: every call is still served
 * (cache, budgets and breakers on local state, each counted as a fallback by use), and when an
 * empty Redis comes back the spend kept meanwhile is pushed to it and cache and breaker state are
 * shared again.
 */
class RedisOutageEndToEndTest {
  private static final String PREFIX = "outage:";
  private static final String DOWN = "{\"error\":{\"message\":\"down\",\"type\":\"server_error\"}}";

  private static String config(String billed, String flakyA, String flakyB, String shared) {
    return TestGateway.authBlock()
        + """
        upstreams:
          - {name: billed, type: openai, base_url: %s, api_key: sk-upstream}
          - {name: flaky-a, type: openai, base_url: %s}
          - {name: flaky-b, type: openai, base_url: %s}
        routes:
          - model: gpt-4o
            targets: [{upstream: billed, model: upstream-4o}]
            cache: {ttl: 10m}
          - model: flaky-a
            targets: [{upstream: flaky-a, model: a}]
            breaker: {consecutive_failures: 2, cool_down: 10m}
          - model: flaky-b
            targets: [{upstream: flaky-b, model: b}]
            breaker: {consecutive_failures: 2, cool_down: 10m}
        usage:
          prices:
            upstream-4o: {input: 2.50, output: 10.00}
        """
            .formatted(billed, flakyA, flakyB)
        + shared;
  }

  @Test
  void callsAreServedLocallyWhileRedisIsDownAndSharedStateResumesWhenItReturns() throws Exception {
    try (TestRedis.PrivateServer redis = TestRedis.privateServer();
        FakeUpstream billed = BilledUpstream.start();
        FakeUpstream flakyA = FakeUpstream.start().respond(FakeResponse.json(503, DOWN));
        FakeUpstream flakyB = FakeUpstream.start().respond(FakeResponse.json(503, DOWN))) {
      String yaml =
          config(
              billed.baseUrl() + "/v1",
              flakyA.baseUrl() + "/v1",
              flakyB.baseUrl() + "/v1",
              redis.yaml(PREFIX));
      try (TestGateway first = TestGateway.start(yaml);
          TestGateway second = TestGateway.start(yaml)) {
        // 1,500 tokens a call: both instances spend before Redis goes, so each has seen a count.
        assertThat(chat(first, "before one").status()).isEqualTo(200);
        Await.until(() -> spentInRedis(redis) == 1500, "the first call's spend in Redis");
        assertThat(chat(second, "before two").status()).isEqualTo(200);
        Await.until(() -> spentInRedis(redis) == 3000, "the second call's spend in Redis");

        redis.stop();
        // Every call is answered; each instance keeps its own cache, spend and circuits.
        assertThat(chat(first, "during").header("x-modelgate-cache")).isEqualTo("miss");
        HttpProbe.Result notShared = chat(second, "during");
        assertThat(notShared.status()).isEqualTo(200);
        assertThat(notShared.header("x-modelgate-cache")).isEqualTo("miss");
        assertThat(chat(first, "during").header("x-modelgate-cache")).isEqualTo("hit"); // local
        for (int i = 0; i < 2; i++) {
          assertThat(ask(first, "flaky-a").status()).isGreaterThanOrEqualTo(500);
        }
        assertThat(ask(second, "flaky-a").status()).isGreaterThanOrEqualTo(500); // tried
        assertThat(flakyA.requests()).hasSize(3);
        for (TestGateway gateway : List.of(first, second)) {
          String metrics = metrics(gateway);
          assertThat(metrics).contains("modelgate_shared_redis_up 0.0");
          for (String use : List.of("cache", "spend", "breaker")) {
            assertThat(fallbacks(metrics, use)).as("fallbacks of " + use).isPositive();
          }
        }

        redis.start(); // empty: nothing survived the stop
        Await.until(
            () ->
                metrics(first).contains("modelgate_shared_redis_up 1.0")
                    && metrics(second).contains("modelgate_shared_redis_up 1.0"),
            "both instances to see Redis again");
        // The empty Redis gets the highest count seen (3,000) plus each instance's 1,500 of the
        // outage (the cache hit cost nothing).
        Await.until(() -> spentInRedis(redis) == 6000, "the spend re-synced into Redis");

        assertThat(chat(first, "after").header("x-modelgate-cache")).isEqualTo("miss");
        Await.until(() -> cachedInRedis(redis) == 1, "the new answer in Redis");
        assertThat(chat(second, "after").header("x-modelgate-cache")).isEqualTo("hit");

        for (int i = 0; i < 2; i++) {
          assertThat(ask(first, "flaky-b").status()).isGreaterThanOrEqualTo(500);
        }
        assertThat(ask(second, "flaky-b").body()).contains("its circuit is open");
        assertThat(flakyB.requests()).hasSize(2);
      }
    }
  }

  private static HttpProbe.Result chat(TestGateway gateway, String words) {
    return HttpProbe.post(
        gateway.baseUrl() + "/v1/chat/completions",
        TestGateway.KEY,
        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + words + "\"}]}");
  }

  private static HttpProbe.Result ask(TestGateway gateway, String model) {
    return HttpProbe.post(
        gateway.baseUrl() + "/v1/chat/completions",
        TestGateway.KEY,
        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
  }

  /** The tokens of today's bucket of the test key (whatever its id). */
  private static long spentInRedis(TestRedis.PrivateServer redis) {
    try (Jedis jedis = redis.connect()) {
      String day = LocalDate.now(ZoneOffset.UTC).toString();
      var buckets = jedis.keys(PREFIX + "spend:key:daily:" + day + ":*");
      if (buckets.isEmpty()) {
        return 0;
      }
      String tokens = jedis.hget(buckets.iterator().next(), "tokens");
      return tokens == null ? 0 : Long.parseLong(tokens);
    }
  }

  private static long cachedInRedis(TestRedis.PrivateServer redis) {
    try (Jedis jedis = redis.connect()) {
      return jedis.keys(PREFIX + "cache:*").size();
    }
  }

  private static String metrics(TestGateway gateway) {
    return HttpProbe.get(gateway.baseUrl() + "/metrics", TestGateway.KEY).body();
  }

  private static double fallbacks(String metrics, String use) {
    Matcher m =
        Pattern.compile("modelgate_shared_fallbacks_total\\{use=\"" + use + "\"} ([0-9.E]+)")
            .matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}

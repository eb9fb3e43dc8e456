package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestDatabases;
import dev.modelgate.testkit.TestGateway;
import dev.modelgate.testkit.TestRedis;
import dev.modelgate.testkit.WebhookReceiver;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Two gateways sharing Redis and a PostgreSQL store spend one team budget together: each call's
 * tokens are added in Redis, the threshold alerts go out once for the fleet, and once the budget is
 * spent both instances refuse the team.
 */
class SharedBudgetEndToEndTest {
  private static final String ADMIN_TOKEN = "mg-admin-token-shared-budget-0123";
  private static final String CHAT =
      "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private static String config(
      String upstream, String storeUrl, String webhook, String shared, boolean admin) {
    return TestGateway.authBlock()
        + BilledUpstream.upstreamAndPrices(upstream)
        + """
        store:
          url: %s
          refresh_interval: 100ms
        """
            .formatted(storeUrl)
        + BudgetEndToEndTest.teamBudget(webhook)
        + (admin
            ? "admin:\n  port: 0\n  tokens:\n    - {name: ops, hash: "
                + ApiKeys.hash(ADMIN_TOKEN)
                + "}\n"
            : "")
        + shared;
  }

  @Test
  void twoInstancesRefuseATeamOverItsBudgetTogetherAndAlertOncePerThreshold() {
    try (TestRedis.Prefixed redis = TestRedis.shared();
        TestDatabases.Provisioned store = TestDatabases.postgres();
        FakeUpstream upstream = BilledUpstream.start();
        WebhookReceiver webhook = new WebhookReceiver()) {
      String url = store.settings().url();
      String base = upstream.baseUrl() + "/v1";
      try (TestGateway first =
              TestGateway.start(config(base, url, webhook.url(), redis.yaml(), true));
          TestGateway second =
              TestGateway.start(config(base, url, webhook.url(), redis.yaml(), false))) {
        HttpProbe.Result made =
            HttpProbe.send(
                "POST",
                first.adminUrl() + "/v1/keys",
                ADMIN_TOKEN,
                "{\"name\":\"searcher\",\"team\":\"search\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String key = made.json().path("key").asText();
        Await.until(() -> call(second, key).status() == 200, "the key on the second instance");
        // 1,500 tokens so far (the call that found the key). Alternate: 3,000 on the first
        // (past 50%), 4,500 on the second (past 100%).
        assertThat(call(first, key).status()).isEqualTo(200);
        Await.until(() -> webhook.received().size() == 1, "the 50% alert");
        assertThat(call(second, key).status()).isEqualTo(200);
        Await.until(() -> webhook.received().size() == 2, "the 100% alert");

        for (TestGateway gateway : List.of(first, second)) {
          HttpProbe.Result refused = call(gateway, key);
          assertThat(refused.status()).isEqualTo(429);
          assertThat(refused.json().path("error").path("code").asText())
              .isEqualTo("insufficient_quota");
          assertThat(refused.body()).contains("team 'search' has spent its daily budget");
        }
        assertThat(upstream.requests()).hasSize(3);
        List<JsonNode> alerts = webhook.received();
        assertThat(alerts)
            .extracting(
                a -> a.path("threshold").decimalValue().stripTrailingZeros().toPlainString())
            .containsExactly("0.5", "1");
        assertThat(alerts)
            .extracting(a -> a.path("spent").asText())
            .containsExactly("3000", "4500");
        try (Jedis jedis = redis.connect()) {
          String day = LocalDate.now(ZoneOffset.UTC).toString();
          assertThat(jedis.hget(redis.prefix() + "spend:team:daily:" + day + ":search", "tokens"))
              .isEqualTo("4500");
        }
      }
    }
  }

  private static HttpProbe.Result call(TestGateway gateway, String key) {
    return HttpProbe.post(gateway.baseUrl() + "/v1/chat/completions", key, CHAT);
  }
}

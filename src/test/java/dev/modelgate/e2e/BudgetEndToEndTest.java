package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import dev.modelgate.testkit.WebhookReceiver;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Budgets over real sockets: a stored key with a daily cost budget and a team with a daily token
 * budget; calls spend them, alerts reach a webhook once per threshold, and the call after the
 * budget is used up gets OpenAI's 429 insufficient_quota without reaching the upstream.
 */
class BudgetEndToEndTest {
  static final String ADMIN_TOKEN = "mg-admin-token-for-budget-tests-0123";
  private FakeUpstream upstream;
  private WebhookReceiver webhook;
  private TestGateway gateway;

  @BeforeEach
  void start() {
    upstream = BilledUpstream.start();
    webhook = new WebhookReceiver();
    gateway =
        TestGateway.start(
            TestGateway.authBlock()
                + BilledUpstream.upstreamAndPrices(upstream.baseUrl() + "/v1")
                + """
                store:
                  refresh_interval: 100ms
                admin:
                  port: 0
                  tokens:
                    - {name: ops, hash: %s}
                """
                    .formatted(ApiKeys.hash(ADMIN_TOKEN))
                + teamBudget(webhook.url()));
  }

  /** Team {@code search} may spend 4,000 tokens a day; alerts at half and all of it. */
  static String teamBudget(String webhook) {
    return """
        budgets:
          teams:
            search: {daily_tokens: 4000}
          alerts:
            webhook: %s
            thresholds: [50, 100]
        """
        .formatted(webhook);
  }

  @AfterEach
  void stop() {
    gateway.close();
    webhook.close();
    upstream.close();
  }

  private String key(String body) {
    HttpProbe.Result made =
        HttpProbe.send("POST", gateway.adminUrl() + "/v1/keys", ADMIN_TOKEN, body);
    assertThat(made.status()).isEqualTo(201);
    return made.json().path("key").asText();
  }

  private static ChatCompletionCreateParams chat() {
    return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hi").build();
  }

  @Test
  void aKeyOverItsCostBudgetGets429InsufficientQuota() {
    // Each call costs 0.00575 EUR: the second one passes the 0.01 budget, the third is refused.
    OpenAIClient client =
        gateway.openAiClient(
            key("{\"name\":\"capped\",\"budget_usd\":0.01,\"budget_period\":\"daily\"}"));
    client.chat().completions().create(chat());
    client.chat().completions().create(chat());
    int upstreamCalls = upstream.requests().size();
    assertThatThrownBy(() -> client.chat().completions().create(chat()))
        .isInstanceOfSatisfying(
            RateLimitException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(429);
              assertThat(e.code()).contains("insufficient_quota");
              assertThat(e.getMessage()).contains("daily budget of 0.01 EUR");
            });
    assertThat(upstream.requests()).hasSize(upstreamCalls);
    // Another key is not affected.
    gateway.openAiClient().chat().completions().create(chat());
  }

  @Test
  void aTeamBudgetAlertsOncePerThresholdAndThenRefuses() {
    OpenAIClient alice =
        gateway.openAiClient(key("{\"name\":\"a\",\"team\":\"search\",\"owner\":\"alice\"}"));
    OpenAIClient bob =
        gateway.openAiClient(key("{\"name\":\"b\",\"team\":\"search\",\"owner\":\"bob\"}"));
    alice.chat().completions().create(chat()); // 1,500 of 4,000 tokens
    assertThat(webhook.received()).isEmpty();
    bob.chat().completions().create(chat()); // 3,000: past 50%
    Await.until(() -> webhook.received().size() == 1, "the 50% alert");
    alice.chat().completions().create(chat()); // 4,500: past 100%
    Await.until(() -> webhook.received().size() == 2, "the 100% alert");
    assertThatThrownBy(() -> bob.chat().completions().create(chat()))
        .isInstanceOf(RateLimitException.class)
        .hasMessageContaining("team 'search' has spent its daily budget of 4000 tokens");

    List<JsonNode> alerts = webhook.received();
    assertThat(alerts)
        .extracting(a -> a.path("threshold").decimalValue().stripTrailingZeros().toPlainString())
        .containsExactly("0.5", "1");
    JsonNode first = alerts.get(0);
    assertThat(first.path("type").asText()).isEqualTo("budget.threshold");
    assertThat(first.path("subject").path("kind").asText()).isEqualTo("team");
    assertThat(first.path("subject").path("id").asText()).isEqualTo("search");
    assertThat(first.path("period").asText()).isEqualTo("daily");
    assertThat(first.path("metric").asText()).isEqualTo("tokens");
    assertThat(first.path("limit").asText()).isEqualTo("4000");
    assertThat(first.path("spent").asText()).isEqualTo("3000");
    // Refused calls spend nothing, so no alert repeats.
    assertThat(webhook.received()).hasSize(2);
  }
}

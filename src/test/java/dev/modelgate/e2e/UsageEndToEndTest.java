package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.errors.InternalServerException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.store.UsageRecord;
import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.StreamedChat;
import dev.modelgate.testkit.TestGateway;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls through the gateway with the OpenAI SDK become usage records in the store, with the
 * upstream's tokens and the cost from the price table, and the admin API sums and exports them.
 */
class UsageEndToEndTest {
  static final String ADMIN_TOKEN = "mg-admin-token-for-usage-tests-01234";
  private FakeUpstream upstream;
  private TestGateway gateway;
  private OpenAIClient client;

  @BeforeEach
  void start() {
    upstream = BilledUpstream.start();
    gateway =
        TestGateway.start(
            TestGateway.authBlock()
                + BilledUpstream.upstreamAndPrices(upstream.baseUrl() + "/v1")
                + """
                admin:
                  port: 0
                  tokens:
                    - {name: viewer, hash: %s, role: viewer}
                """
                    .formatted(ApiKeys.hash(ADMIN_TOKEN)));
    client = gateway.openAiClient();
  }

  @AfterEach
  void stop() {
    gateway.close();
    upstream.close();
  }

  private static ChatCompletionCreateParams chat(String text) {
    return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage(text).build();
  }

  private List<UsageRecord> stored() {
    List<UsageRecord> records = new ArrayList<>();
    gateway
        .gateway()
        .usage()
        .store()
        .records(Instant.EPOCH, Instant.now().plusSeconds(60), records::add);
    return records;
  }

  @Test
  void everyCallIsRecordedWithTheUpstreamsTokensAndItsPrice() {
    client.chat().completions().create(chat("hello"));
    StreamedChat streamed =
        StreamedChat.of(
            client,
            chat("stream please").toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build());
    assertThat(streamed.totalTokens()).isEqualTo(1500);
    assertThatThrownBy(() -> client.chat().completions().create(chat("boom")))
        .isInstanceOf(InternalServerException.class);

    Await.until(() -> stored().size() == 3, "three usage records in the store");
    List<UsageRecord> records = stored();
    assertThat(records)
        .extracting(UsageRecord::stream)
        .containsExactlyInAnyOrder(false, true, false);
    for (UsageRecord ok : records.stream().filter(r -> r.status() == 200).toList()) {
      assertThat(ok.model()).isEqualTo("gpt-4o");
      assertThat(ok.target()).isEqualTo("billed/upstream-4o");
      assertThat(ok.provider()).isEqualTo("openai");
      assertThat(ok.keyName()).isEqualTo("test");
      assertThat(ok.promptTokens()).isEqualTo(1200);
      assertThat(ok.completionTokens()).isEqualTo(300);
      assertThat(ok.cachedTokens()).isEqualTo(200);
      // (1000 x 2.50 + 200 x 1.25 + 300 x 10.00) / 1M, priced by the upstream model's name
      assertThat(ok.cost()).isEqualByComparingTo("0.00575");
      assertThat(ok.currency()).isEqualTo("EUR");
      assertThat(ok.estimated()).isFalse();
      assertThat(ok.requestId()).isNotBlank();
    }
    UsageRecord failed = records.stream().filter(r -> r.status() != 200).findFirst().orElseThrow();
    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.errorType()).isEqualTo("UpstreamOverloaded");
    assertThat(failed.cost()).isEqualByComparingTo("0");
  }

  @Test
  void theAdminApiSumsGroupsAndExportsUsage() {
    client.chat().completions().create(chat("one"));
    client.chat().completions().create(chat("two"));
    Await.until(() -> stored().size() == 2, "two usage records in the store");
    assertThat(HttpProbe.get(gateway.baseUrl() + "/metrics", TestGateway.KEY).body())
        .as("the cost of both calls, in the prices' currency")
        .containsPattern(
            "(?m)^modelgate_cost_total\\{currency=\"EUR\",route=\"gpt-4o\"} 0\\.0115\\d*$");

    HttpProbe.Result totals =
        HttpProbe.get(gateway.adminUrl() + "/v1/usage?group_by=model,day", ADMIN_TOKEN);
    assertThat(totals.status()).isEqualTo(200);
    JsonNode row = totals.json().path("data").get(0);
    assertThat(row.path("model").asText()).isEqualTo("gpt-4o");
    assertThat(row.path("day").asText())
        .isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
    assertThat(row.path("calls").asLong()).isEqualTo(2);
    assertThat(row.path("total_tokens").asLong()).isEqualTo(3000);
    assertThat(row.path("cost").asText()).isEqualTo("0.0115");
    assertThat(row.path("currency").asText()).isEqualTo("EUR");

    HttpProbe.Result csv =
        HttpProbe.get(gateway.adminUrl() + "/v1/usage?group_by=key_name&format=csv", ADMIN_TOKEN);
    assertThat(csv.header("content-type")).startsWith("text/csv");
    assertThat(csv.body().lines().toList())
        .containsExactly(
            "key_name,currency,calls,failed,prompt_tokens,completion_tokens,total_tokens,cached_tokens,estimated_calls,cost",
            "test,EUR,2,0,2400,600,3000,400,0,0.0115");

    HttpProbe.Result records =
        HttpProbe.get(gateway.adminUrl() + "/v1/usage/records?format=csv", ADMIN_TOKEN);
    List<String> lines = records.body().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("id,request_id,at,key_id,key_name,team,user,model");
    assertThat(lines.get(1))
        .contains(",gpt-4o,billed/upstream-4o,openai,chat,false,1200,300,200,0.00575,EUR,");

    HttpProbe.Result json =
        HttpProbe.get(gateway.adminUrl() + "/v1/usage/records?limit=1", ADMIN_TOKEN);
    assertThat(json.json().path("data")).hasSize(1);
    assertThat(json.json().path("data").get(0).path("cost").asText()).isEqualTo("0.00575");

    assertThat(HttpProbe.get(gateway.adminUrl() + "/v1/usage?group_by=color", ADMIN_TOKEN).status())
        .isEqualTo(400);
    assertThat(HttpProbe.get(gateway.adminUrl() + "/v1/usage", "wrong-token").status())
        .isEqualTo(401);
  }
}

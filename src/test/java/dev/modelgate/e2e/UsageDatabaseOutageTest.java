package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelgate.store.Database;
import dev.modelgate.store.UsageRecord;
import dev.modelgate.store.UsageStore;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TcpProxy;
import dev.modelgate.testkit.TestDatabases;
import dev.modelgate.testkit.TestGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The gateway's PostgreSQL becomes unreachable mid-run (a TCP proxy between them is cut): calls go
 * on, their usage records wait in the spool, and once the database is back every record is written,
 * none twice.
 */
class UsageDatabaseOutageTest {
  private static final Pattern HOST_PORT = Pattern.compile("//([^:/]+):(\\d+)/");

  @Test
  void noUsageRecordIsLostWhilePostgresIsUnreachable() throws Exception {
    try (TestDatabases.Provisioned postgres = TestDatabases.postgres()) {
      String direct = postgres.settings().url();
      Matcher target = HOST_PORT.matcher(direct);
      assertThat(target.find()).isTrue();
      try (TcpProxy proxy = new TcpProxy(target.group(1), Integer.parseInt(target.group(2)));
          FakeUpstream upstream = BilledUpstream.start();
          Database database = Database.open(postgres.settings())) {
        String viaProxy = target.replaceFirst("//127.0.0.1:" + proxy.port() + "/");
        UsageStore table = new UsageStore(database);
        TestGateway gateway =
            TestGateway.start(
                TestGateway.authBlock()
                    + BilledUpstream.upstreamAndPrices(upstream.baseUrl() + "/v1")
                    + """
                    store:
                      url: "%s"
                      refresh_interval: 200ms
                      pool: {connection_timeout: 500ms, max_size: 2, min_idle: 0}
                    """
                        .formatted(viaProxy));
        try {
          OpenAIClient client = gateway.openAiClient();
          ChatCompletionCreateParams chat =
              ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hi").build();
          for (int i = 0; i < 5; i++) {
            client.chat().completions().create(chat);
          }
          await(() -> table.count() == 5, Duration.ofSeconds(20), "5 records before the outage");

          proxy.cut();
          for (int i = 0; i < 20; i++) {
            client.chat().completions().create(chat); // calls go on without the database
          }
          Thread.sleep(1500);
          assertThat(table.count())
              .as("nothing reaches the database while it is away")
              .isEqualTo(5);
          assertThat(metric(gateway, "modelgate_usage_spool_bytes"))
              .as("the records wait in the spool")
              .isPositive();
          await(
              () -> metric(gateway, "modelgate_usage_store_failing") == 1,
              Duration.ofSeconds(20),
              "the failing store shows in the metrics");

          proxy.restore();
          await(
              () -> table.count() == 25, Duration.ofSeconds(60), "all 25 records after the outage");
          Set<String> requestIds = new HashSet<>();
          table.records(
              Instant.EPOCH,
              Instant.now().plusSeconds(60),
              (UsageRecord r) -> requestIds.add(r.requestId()));
          assertThat(requestIds).hasSize(25);
          await(
              () -> metric(gateway, "modelgate_usage_store_failing") == 0,
              Duration.ofSeconds(20),
              "the store is no longer failing");
          assertThat(metric(gateway, "modelgate_usage_records_stored_total")).isEqualTo(25);
          Thread.sleep(500);
          assertThat(table.count()).as("no record written twice").isEqualTo(25);
        } finally {
          gateway.close();
        }
      }
    }
  }

  /** A metric's value from the gateway's {@code /metrics}, or -1 when absent. */
  private static double metric(TestGateway gateway, String name) {
    String body = HttpProbe.get(gateway.baseUrl() + "/metrics", TestGateway.KEY).body();
    Matcher line =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(body);
    return line.find() ? Double.parseDouble(line.group(2)) : -1;
  }

  private static void await(BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}

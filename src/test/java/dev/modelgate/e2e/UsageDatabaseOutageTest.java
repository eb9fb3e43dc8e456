package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelgate.store.Database;
import dev.modelgate.store.UsageRecord;
import dev.modelgate.store.UsageStore;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.TcpProxy;
import dev.modelgate.testkit.TestDatabases;
import dev.modelgate.testkit.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
          Path spool = gateway.gateway().runtime().get().config().usage().spool().dir();
          assertThat(spooledBytes(spool)).as("the records wait in the spool").isPositive();

          proxy.restore();
          await(
              () -> table.count() == 25, Duration.ofSeconds(60), "all 25 records after the outage");
          Set<String> requestIds = new HashSet<>();
          table.records(
              Instant.EPOCH,
              Instant.now().plusSeconds(60),
              (UsageRecord r) -> requestIds.add(r.requestId()));
          assertThat(requestIds).hasSize(25);
          Thread.sleep(500);
          assertThat(table.count()).as("no record written twice").isEqualTo(25);
        } finally {
          gateway.close();
        }
      }
    }
  }

  private static long spooledBytes(Path dir) throws java.io.IOException {
    try (Stream<Path> files = Files.list(dir)) {
      long total = 0;
      for (Path file : files.toList()) {
        total += Files.size(file);
      }
      return total;
    }
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

package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestDatabases;
import dev.modelgate.testkit.TestGateway;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (the Debian package) scrapes the gateway's {@code /metrics} every second, and a
 * PromQL query over its HTTP API returns the number of requests the test sent. Without the binary
 * the test fails under {@code CI=true} and is skipped elsewhere.
 */
class PrometheusScrapeTest {
  private static final String QUERY =
      "sum(modelgate_requests_total{route=\"echo\",status=\"200\"})";

  @Test
  void switchedOffThereIsNothingToScrapeAndCallsStillWork() {
    try (TestGateway gateway =
        TestGateway.start(
            TestGateway.authBlock()
                + "observability: {metrics: {enabled: false}}\n"
                + TestGateway.echoRoutes("echo"))) {
      gateway.chat("echo");
      assertThat(HttpProbe.get(gateway.baseUrl() + "/metrics", TestGateway.KEY).status())
          .isEqualTo(404);
    }
  }

  @Test
  void prometheusCountsTheRequestsItScraped() throws Exception {
    Path binary = Path.of("/usr/bin/prometheus");
    if (!Files.isExecutable(binary)) {
      String message = "prometheus is not installed (apt-get install prometheus)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("CI=true and " + message);
      }
      Assumptions.abort(message);
    }
    Path dir = Files.createTempDirectory("modelgate-prometheus");
    int port = freePort();
    try (TestGateway gateway =
        TestGateway.start(TestGateway.authBlock() + TestGateway.echoRoutes("echo"))) {
      for (int i = 0; i < 7; i++) {
        var answer =
            HttpProbe.post(
                gateway.baseUrl() + "/v1/chat/completions",
                TestGateway.KEY,
                "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"n"
                    + i
                    + "\"}]}");
        assertThat(answer.status()).isEqualTo(200);
      }
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(
          config,
          """
          global: {scrape_interval: 1s, evaluation_interval: 1s}
          scrape_configs:
            - job_name: modelgate
              metrics_path: /metrics
              static_configs: [{targets: ["127.0.0.1:%d"]}]
          """
              .formatted(gateway.port()));
      Process prometheus =
          new ProcessBuilder(
                  binary.toString(),
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("prometheus.log").toFile())
              .start();
      try {
        double count = awaitQuery(port, Duration.ofSeconds(40));
        assertThat(count).isEqualTo(7.0);
      } finally {
        prometheus.destroy();
        prometheus.waitFor(10, TimeUnit.SECONDS);
      }
    } finally {
      TestDatabases.deleteTree(dir);
    }
  }

  /** Polls the query until Prometheus has a sample, then returns its value. */
  private static double awaitQuery(int port, Duration patience) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI uri =
        URI.create(
            "http://127.0.0.1:"
                + port
                + "/api/v1/query?query="
                + URLEncoder.encode(QUERY, StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + patience.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response =
            http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        last = response.body();
        JsonNode result =
            Json.parse(last.getBytes(StandardCharsets.UTF_8)).path("data").path("result");
        if (response.statusCode() == 200 && result.size() == 1) {
          return Double.parseDouble(result.get(0).get("value").get(1).asText());
        }
      } catch (IOException e) {
        last = "not up yet: " + e;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("Prometheus never answered " + QUERY + "; last answer: " + last);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

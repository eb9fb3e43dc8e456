package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.observe.AccessLog;
import dev.modelgate.observe.AccessLogSettings;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access log as a rolling file under real traffic: requests from several clients at once fill
 * small files that roll over by size; after the gateway stops, every request has exactly one whole
 * JSON line across the files, and no rolled file is beyond {@code max_files}.
 */
class AccessLogRotationEndToEndTest {
  private static final int CLIENTS = 8;
  private static final int REQUESTS_EACH = 50;

  @TempDir Path dir;

  @Test
  void everyRequestHasOneWholeLineAcrossTheRolledFiles() throws Exception {
    Path live = dir.resolve("access.log");
    AccessLogSettings settings =
        new AccessLogSettings(live.toString(), 8 * 1024, Duration.ZERO, 200, true);
    Set<String> requestIds = ConcurrentHashMap.newKeySet();
    try (TestGateway gateway =
        TestGateway.start(
            TestGateway.authBlock() + TestGateway.echoRoutes("echo"),
            Duration.ofMillis(100),
            AccessLog.open(settings, Clock.systemUTC()))) {
      String url = gateway.baseUrl() + "/v1/chat/completions";
      String body = "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
      try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          clients.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < REQUESTS_EACH; i++) {
                      var answer = HttpProbe.post(url, TestGateway.KEY, body);
                      assertThat(answer.status()).isEqualTo(200);
                      requestIds.add(answer.header("x-request-id"));
                    }
                    return null;
                  }));
        }
        for (Future<?> client : clients) {
          client.get();
        }
      }
    } // stopping the gateway drains and closes the access log

    List<String> lines = new ArrayList<>();
    int files = 0;
    try (var listing = Files.list(dir)) {
      for (Path file : listing.toList()) {
        files++;
        String text = readLog(file);
        assertThat(text).as(file + " ends with a whole line").endsWith("\n");
        lines.addAll(text.lines().toList());
      }
    }
    assertThat(files).as("the log rolled over").isGreaterThan(5);
    Set<String> logged = new HashSet<>();
    for (String line : lines) {
      JsonNode record = parse(line);
      assertThat(record.path("type").asText()).isEqualTo("access");
      assertThat(record.path("status").asInt()).isEqualTo(200);
      assertThat(logged.add(record.path("request_id").asText())).as("logged once").isTrue();
    }
    assertThat(requestIds).hasSize(CLIENTS * REQUESTS_EACH);
    assertThat(logged).isEqualTo(requestIds);
  }

  /** A rolled file is a gzip archive (compress is on); the live one is plain. */
  private static String readLog(Path file) throws IOException {
    if (!file.getFileName().toString().endsWith(".gz")) {
      return Files.readString(file, StandardCharsets.UTF_8);
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static JsonNode parse(String line) {
    try {
      return Json.parse(line.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("not a whole JSON line: " + line, e);
    }
  }
}

package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.auth.ApiKeys;
import dev.modelgate.codec.Json;
import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.GatewayProcess;
import dev.modelgate.testkit.TestDatabases;
import dev.modelgate.testkit.TestRedis;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The must-show: three {@code modelgate serve} processes on loopback, sharing one Redis (a
 * private redis-server) and one PostgreSQL store, enforce one global RPM and one global TPM within
 * 5% under concurrent load; Redis stopped mid-run fails no request (each instance enforces its
 * local share), and once it is back the counters are in Redis again.
 */
class FleetRateLimitTest {
  private static final int INSTANCES = 3;
  private static final long RPM = 300;
  private static final long TPM = 4_800;
  private static final double LOCAL_SHARE = 0.5;
  private static final Map<String, String> KEYS =
      Map.of(
          "rpm-key", "mg-fleet-rpm-0123456789",
          "tpm-key", "mg-fleet-tpm-0123456789",
          "free-key", "mg-fleet-free-0123456789",
          "warm-key", "mg-fleet-warm-0123456789");
  private static final String BODY =
      "{\"model\":\"echo\",\"max_tokens\":12,\"messages\":[{\"role\":\"user\","
          + "\"content\":\"How many tokens does this prompt take?\"}]}";

  /** One request's outcome: which instance, which key, the status (-1: no answer), its tokens. */
  private record Outcome(int instance, String key, int status, long tokens, long sentNanos) {}

  @Test
  void threeInstancesShareOneLimitAndKeepServingThroughARedisOutage() throws Exception {
    // The usage spool and the stores write to disk: on tmpfs, so the disk does not set the rate.
    Path shm = Path.of("/dev/shm");
    Path dir =
        Files.isDirectory(shm) && Files.isWritable(shm)
            ? Files.createTempDirectory(shm, "modelgate-fleet")
            : Files.createTempDirectory("modelgate-fleet");
    List<GatewayProcess> fleet = new ArrayList<>();
    try (TestRedis.PrivateServer redis = TestRedis.privateServer();
        TestDatabases.Provisioned store = TestDatabases.postgres();
        var threads = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient http = HttpClient.newBuilder().executor(threads).build()) {
      for (int i = 0; i < INSTANCES; i++) {
        Path config = dir.resolve("gateway-" + i + ".yaml");
        Files.writeString(config, config(dir.resolve("data-" + i), store, redis));
        fleet.add(
            GatewayProcess.start(
                config, "-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1"));
      }
      long launched = System.nanoTime();
      List<String> urls = fleet.stream().map(GatewayProcess::baseUrl).toList();
      long listening = System.nanoTime();
      // A cold JVM's first calls load the tokenizer and compile the hot path: not load to measure.
      for (int i = 0; i < 150; i++) {
        send(http, urls.get(i % INSTANCES), "warm-key", 0);
      }
      System.out.printf(
          "fleet: listening after %.1f s, warmed up after %.1f s more%n",
          (listening - launched) / 1e9, (System.nanoTime() - listening) / 1e9);

      // 1. Redis up: one global limit for the three instances.
      long start = System.nanoTime();
      List<Outcome> shared =
          load(
              http,
              urls,
              List.of("rpm-key", "tpm-key"),
              Duration.ofSeconds(4),
              Duration.ofSeconds(20),
              20);
      double minutes = (System.nanoTime() - start) / 60e9;
      assertThat(shared).extracting(Outcome::status).containsOnly(200, 429);
      long requests = admitted(shared, "rpm-key").count();
      long tokens = admitted(shared, "tpm-key").mapToLong(Outcome::tokens).sum();
      // A bucket starts full and refills at the limit per minute.
      double expectedRequests = RPM * (1 + minutes);
      double expectedTokens = TPM * (1 + minutes);
      System.out.printf(
          "fleet of %d: %d requests admitted for %.0f allowed, %d tokens for %.0f allowed (%.1f s)%n",
          INSTANCES, requests, expectedRequests, tokens, expectedTokens, minutes * 60);
      assertThat((double) requests).isBetween(expectedRequests * 0.95, expectedRequests * 1.05);
      assertThat((double) tokens).isBetween(expectedTokens * 0.95, expectedTokens * 1.05);
      assertThat(perInstance(admitted(shared, "rpm-key").toList()))
          .as("every instance admitted some")
          .hasSize(INSTANCES);

      // 2. Redis stops mid-run: no request fails; each instance enforces its local share.
      CompletableFuture<List<Outcome>> running =
          CompletableFuture.supplyAsync(
              () -> load(http, urls, List.of("rpm-key", "free-key"), Duration.ofMillis(3500)),
              threads);
      Thread.sleep(1000);
      redis.stop();
      long stopped = System.nanoTime();
      List<Outcome> outage = running.get();
      double outageMinutes = (System.nanoTime() - stopped) / 60e9;
      assertThat(outage).extracting(Outcome::status).containsOnly(200, 429);
      assertThat(outage.stream().filter(o -> o.key().equals("free-key")))
          .isNotEmpty()
          .allMatch(o -> o.status() == 200);
      List<Outcome> afterStop =
          admitted(outage, "rpm-key").filter(o -> o.sentNanos() > stopped).toList();
      long localLimit = (long) (RPM * LOCAL_SHARE);
      System.out.printf(
          "Redis down: %s requests admitted per instance, local limit %d%n",
          perInstance(afterStop), localLimit);
      assertThat(afterStop).as("the fleet kept serving the limited key").isNotEmpty();
      assertThat(perInstance(afterStop).values())
          .allMatch(n -> n <= localLimit * (1 + outageMinutes) + 1);
      for (String url : urls) {
        String metrics = metrics(http, url);
        assertThat(metrics).contains("modelgate_shared_redis_up 0.0");
        assertThat(metrics)
            .containsPattern("modelgate_shared_fallbacks_total\\{use=\"ratelimit\"\\} [1-9]");
        assertThat(metrics).contains("decision=\"local\"");
      }

      // 3. Redis back: the instances return to it and the counters are kept there again.
      redis.start();
      for (String url : urls) {
        Await.until(() -> metrics(http, url).contains("modelgate_shared_redis_up 1.0"), "Redis up");
        assertThat(send(http, url, "rpm-key", 0).status()).isEqualTo(200);
      }
      try (Jedis jedis = redis.connect()) {
        // KEYS is fine on the test's own small Redis (SCAN answers one page at a time).
        List<String> keys = List.copyOf(jedis.keys("mg:rl:key:rpm:*"));
        assertThat(keys).hasSize(1);
        assertThat(Double.parseDouble(jedis.hget(keys.getFirst(), "level")))
            .as("one bucket for the fleet, charged by each instance")
            .isLessThan(RPM);
      }
      assertThat(fleet.getFirst().output())
          .anyMatch(line -> line.contains("failed") && line.contains("local state"))
          .anyMatch(line -> line.contains("answers again"));
    } finally {
      fleet.forEach(GatewayProcess::close);
      TestDatabases.deleteTree(dir);
    }
  }

  private static String config(
      Path data, TestDatabases.Provisioned store, TestRedis.PrivateServer redis) {
    StringBuilder keys = new StringBuilder();
    KEYS.forEach(
        (name, key) ->
            keys.append("    - {name: ")
                .append(name)
                .append(", hash: '")
                .append(ApiKeys.hash(key))
                .append("'}\n"));
    return """
        server: {host: 127.0.0.1, port: 0}
        data_dir: '%s'
        auth:
          keys:
        %s
        store: {url: '%s', refresh_interval: 1s}
        upstreams: [{name: offline, type: echo}]
        routes: [{model: echo, targets: [{upstream: offline}]}]
        rate_limits:
          keys:
            rpm-key: {rpm: %d}
            tpm-key: {tpm: %d}
            warm-key: {tpm: 1000000000}
        shared:
          redis: {url: '%s', timeout: 250ms}
          local_share: %s
          health_interval: 100ms
        """
        .formatted(data, keys, store.settings().url(), RPM, TPM, redis.url(), LOCAL_SHARE);
  }

  /** Six workers per key, each cycling over the instances, until {@code duration} is over. */
  private static List<Outcome> load(
      HttpClient http, List<String> urls, List<String> keys, Duration duration) {
    return load(http, urls, keys, duration, duration, 0);
  }

  /**
   * Six workers per key, each cycling over the instances, for at least {@code least} and then until
   * every key was refused {@code refusals} times (the limits were reached, whatever the machine's
   * load), or {@code most} is over.
   */
  private static List<Outcome> load(
      HttpClient http,
      List<String> urls,
      List<String> keys,
      Duration least,
      Duration most,
      int refusals) {
    ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    Map<String, AtomicInteger> refused = new ConcurrentHashMap<>();
    long start = System.nanoTime();
    BooleanSupplier over =
        () -> {
          long now = System.nanoTime() - start;
          return now > most.toNanos()
              || now > least.toNanos()
                  && keys.stream()
                      .allMatch(
                          k -> refused.getOrDefault(k, new AtomicInteger()).get() >= refusals);
        };
    List<Thread> workers = new ArrayList<>();
    for (String key : keys) {
      for (int w = 0; w < 6; w++) {
        int first = w;
        workers.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      for (int n = first; !over.getAsBoolean(); n++) {
                        int instance = n % urls.size();
                        Outcome outcome = send(http, urls.get(instance), key, instance);
                        outcomes.add(outcome);
                        if (outcome.status() == 429) {
                          refused.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                        }
                      }
                    }));
      }
    }
    for (Thread worker : workers) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return List.copyOf(outcomes);
  }

  private static Outcome send(HttpClient http, String url, String key, int instance) {
    long sent = System.nanoTime();
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                  .header("Authorization", "Bearer " + KEYS.get(key))
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(20))
                  .POST(HttpRequest.BodyPublishers.ofString(BODY))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      long tokens =
          response.statusCode() == 200
              ? Json.parse(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                  .path("usage")
                  .path("total_tokens")
                  .asLong()
              : 0;
      return new Outcome(instance, key, response.statusCode(), tokens, sent);
    } catch (IOException e) {
      return new Outcome(instance, key, -1, 0, sent);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(instance, key, -1, 0, sent);
    }
  }

  private static java.util.stream.Stream<Outcome> admitted(List<Outcome> outcomes, String key) {
    return outcomes.stream().filter(o -> o.key().equals(key) && o.status() == 200);
  }

  private static Map<Integer, Long> perInstance(List<Outcome> outcomes) {
    return outcomes.stream()
        .collect(Collectors.groupingBy(Outcome::instance, Collectors.counting()));
  }

  private static String metrics(HttpClient http, String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}

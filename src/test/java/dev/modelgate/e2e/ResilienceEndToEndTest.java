package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Routing resilience through the whole gateway with the official OpenAI SDK as client, in front of
 * fake upstreams that fail in scripted ways: a key pool under a 429 storm, a circuit breaker in
 * front of a dead target, and the fallback chain backup model, cache, default answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResilienceEndToEndTest {
  private static final String DOWN =
      "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";

  private final AtomicBoolean primaryDown = new AtomicBoolean();
  private final AtomicBoolean backupDown = new AtomicBoolean();
  private FakeUpstream pooled;
  private FakeUpstream dead;
  private FakeUpstream alive;
  private FakeUpstream primary;
  private FakeUpstream backup;
  private TestGateway gateway;
  private OpenAIClient client;

  private String config(String extraRoute) {
    return TestGateway.authBlock()
        + """
        upstreams:
          - name: pooled
            type: openai
            base_url: %s
            api_keys: [key-a, key-b, key-c]
            key_cooldown: 10m
          - {name: dead, type: openai, base_url: %s}
          - {name: alive, type: openai, base_url: %s}
          - {name: primary, type: openai, base_url: %s}
          - {name: backup, type: openai, base_url: %s}
        routes:
          - model: pooled-model
            targets: [{upstream: pooled, model: m}]
          - model: guarded
            targets: [{upstream: dead, model: d}, {upstream: alive, model: a}]
            retry: {attempts: 2, backoff: 1ms, target: next}
            breaker: {consecutive_failures: 2, cool_down: 10m}
          - model: main
            targets: [{upstream: primary, model: big}]
            cache: {ttl: 0s}
            fallback:
              order: [models, cache, default]
              models: [mini]
              default_answer: The assistant is resting.
          - model: mini
            targets: [{upstream: backup, model: small}]
        """
            .formatted(
                pooled.baseUrl(),
                dead.baseUrl(),
                alive.baseUrl(),
                primary.baseUrl(),
                backup.baseUrl())
        + extraRoute;
  }

  @BeforeAll
  void start() {
    pooled = refusingKeyA();
    dead = FakeUpstream.start().respond(FakeResponse.json(503, DOWN));
    alive = FakeUpstream.start().respond(OpenAiUpstreamScript::answer);
    primary = switchable(primaryDown, OpenAiUpstreamScript::answer);
    backup =
        switchable(
            backupDown,
            r -> FakeResponse.json(200, OpenAiUpstreamScript.completion("small", "backup")));
    gateway = TestGateway.start(config(""));
    client =
        OpenAIOkHttpClient.builder()
            .apiKey(TestGateway.KEY)
            .baseUrl(gateway.baseUrl() + "/v1")
            .maxRetries(0)
            .timeout(Duration.ofSeconds(20))
            .build();
  }

  /**
   * An upstream that refuses {@code key-a} with 429 (retry after ten minutes), answering others.
   */
  static FakeUpstream refusingKeyA() {
    return FakeUpstream.start()
        .respond(
            r ->
                "Bearer key-a".equals(r.header("authorization"))
                    ? FakeResponse.json(429, DOWN).withHeader("Retry-After", "600")
                    : OpenAiUpstreamScript.answer(r));
  }

  /** An upstream that answers 503 while {@code down} is set. */
  private static FakeUpstream switchable(
      AtomicBoolean down, Function<FakeUpstream.RecordedRequest, FakeResponse> answer) {
    return FakeUpstream.start()
        .respond(r -> down.get() ? FakeResponse.json(503, DOWN) : answer.apply(r));
  }

  @AfterAll
  void stop() {
    gateway.close();
    for (FakeUpstream upstream : List.of(pooled, dead, alive, primary, backup)) {
      upstream.close();
    }
  }

  private static ChatCompletionCreateParams chat(String model, String text) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage(text).build();
  }

  private String metrics() {
    return HttpProbe.get(gateway.baseUrl() + "/metrics", TestGateway.KEY).body();
  }

  @Test
  void a429StormOnOneKeyMovesTrafficToTheOtherKeys() {
    for (int i = 0; i < 9; i++) {
      ChatCompletion answer = client.chat().completions().create(chat("pooled-model", "n" + i));
      assertThat(answer.choices().getFirst().message().content()).contains("echo: n" + i);
    }
    var byKey =
        pooled.requests().stream()
            .collect(Collectors.groupingBy(r -> r.header("authorization"), Collectors.counting()));
    assertThat(byKey.get("Bearer key-a")).isEqualTo(1L); // refused once, then set aside
    assertThat(byKey.get("Bearer key-b")).isGreaterThanOrEqualTo(4L);
    assertThat(byKey.get("Bearer key-c")).isGreaterThanOrEqualTo(4L);
    assertThat(metrics())
        .contains("modelgate_upstream_keys_available{upstream=\"pooled\"} 2.0")
        .contains("modelgate_upstream_keys_set_aside_total{upstream=\"pooled\"} 1.0");
  }

  @Test
  void aDeadTargetIsSkippedOnceItsBreakerOpensAndStaysSkippedAcrossAReload()
      throws InterruptedException {
    for (int i = 0; i < 6; i++) {
      ChatCompletion answer = client.chat().completions().create(chat("guarded", "g" + i));
      assertThat(answer.choices().getFirst().message().content()).contains("echo: g" + i);
    }
    assertThat(dead.requests()).hasSize(2); // two failures opened the circuit
    assertThat(alive.requests()).hasSize(6);
    assertThat(metrics())
        .contains("modelgate_breaker_state{route=\"guarded\",target=\"dead/d\"} 2.0")
        .contains("modelgate_breaker_state{route=\"guarded\",target=\"alive/a\"} 0.0");

    Instant before = gateway.gateway().runtime().get().loadedAt();
    gateway.rewrite(config("  - model: extra\n    targets: [{upstream: alive, model: x}]\n"));
    Instant deadline = Instant.now().plusSeconds(15);
    while (gateway.gateway().runtime().get().loadedAt().equals(before)
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    assertThat(gateway.gateway().runtime().get().router().find("extra")).isNotNull();
    client.chat().completions().create(chat("guarded", "after reload"));
    assertThat(dead.requests()).hasSize(2);
  }

  /** What the client saw: the answer's text and model, and the policy headers. */
  private record Seen(String text, String model, List<String> cache, List<String> fallback) {}

  private Seen ask(String text) {
    try (HttpResponseFor<ChatCompletion> response =
        client.chat().completions().withRawResponse().create(chat("main", text))) {
      ChatCompletion completion = response.parse();
      return new Seen(
          completion.choices().getFirst().message().content().orElse(""),
          completion.model(),
          response.headers().values("x-modelgate-cache"),
          response.headers().values("x-modelgate-fallback"));
    }
  }

  private Seen askStreaming(String text) {
    try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> response =
            client.chat().completions().withRawResponse().createStreaming(chat("main", text));
        StreamResponse<ChatCompletionChunk> stream = response.parse()) {
      List<ChatCompletionChunk> chunks = stream.stream().toList();
      return new Seen(
          chunks.stream()
              .flatMap(chunk -> chunk.choices().stream())
              .map(choice -> choice.delta().content().orElse(""))
              .collect(Collectors.joining()),
          chunks.getFirst().model(),
          response.headers().values("x-modelgate-cache"),
          response.headers().values("x-modelgate-fallback"));
    }
  }

  @Test
  void theFallbackChainGoesBackupModelThenCacheThenDefault() {
    primaryDown.set(false);
    backupDown.set(false);
    Seen own = ask("q1");
    assertThat(own.text()).isEqualTo("echo: q1");
    assertThat(own.cache()).containsExactly("miss");
    assertThat(own.fallback()).isEmpty();

    primaryDown.set(true);
    Seen backedUp = ask("q1");
    assertThat(backedUp.text()).isEqualTo("backup");
    assertThat(backedUp.model()).isEqualTo("main");
    assertThat(backedUp.fallback()).containsExactly("models; target=backup/small");

    backupDown.set(true);
    Seen cached = ask("q1");
    assertThat(cached.text()).isEqualTo("echo: q1");
    assertThat(cached.fallback()).containsExactly("cache");

    Seen fixed = ask("never asked");
    assertThat(fixed.text()).isEqualTo("The assistant is resting.");
    assertThat(fixed.model()).isEqualTo("main");
    assertThat(fixed.fallback()).containsExactly("default");
  }

  @Test
  void theFallbackChainStreamsWhenTheClientStreams() {
    primaryDown.set(false);
    backupDown.set(false);
    Seen original = askStreaming("s1");
    assertThat(original.text()).isEqualTo("echo: s1");
    assertThat(original.fallback()).isEmpty();

    primaryDown.set(true);
    backupDown.set(true);
    Seen replay = askStreaming("s1");
    assertThat(replay.fallback()).containsExactly("cache");
    assertThat(replay.text()).isEqualTo(original.text());

    Seen fixed = askStreaming("s2");
    assertThat(fixed.fallback()).containsExactly("default");
    assertThat(fixed.text()).isEqualTo("The assistant is resting.");
    assertThat(fixed.model()).isEqualTo("main");
  }
}

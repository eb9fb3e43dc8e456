package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.StreamedChat;
import dev.modelgate.testkit.TestGateway;
import dev.modelgate.testkit.TestRedis;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Rate limits through the official SDKs over real sockets, counters in the real Redis: 429 in the
 * client's protocol with {@code Retry-After} and OpenAI's {@code x-ratelimit-*} headers (on answers
 * too), tokens settled from the real usage, a concurrency slot held for a whole stream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitEndToEndTest {
  private TestRedis.Prefixed redis;
  private FakeUpstream slow;
  private FakeUpstream longer;
  private TestGateway gateway;
  private OpenAIClient client;

  @BeforeAll
  void start() {
    redis = TestRedis.shared();
    slow = FakeUpstream.start().respond(SlowStreamScript.stream(5, Duration.ofMillis(100)));
    longer = FakeUpstream.start().respond(SlowStreamScript.stream(25, Duration.ofMillis(100)));
    gateway =
        TestGateway.start(
            TestGateway.authBlock()
                + """
                upstreams:
                  - {name: offline, type: echo}
                  - {name: slow, type: openai, dialect: vllm, base_url: '%s'}
                  - {name: longer, type: openai, dialect: vllm, base_url: '%s'}
                routes:
                  - model: rpm-route
                    targets: [{upstream: offline}]
                    rate_limit: {rpm: 3}
                  - model: tpm-route
                    targets: [{upstream: offline}]
                    rate_limit: {tpm: 600}
                  - model: claude-route
                    targets: [{upstream: offline}]
                    rate_limit: {rpm: 1}
                  - model: one-at-a-time
                    targets: [{upstream: slow}]
                    rate_limit: {concurrent: 1}
                  - model: long-stream
                    targets: [{upstream: longer}]
                    rate_limit: {concurrent: 1}
                  - {model: family-small, targets: [{upstream: offline}]}
                  - {model: family-large, targets: [{upstream: offline}]}
                rate_limits:
                  models: {"family-*": {rpm: 2}}
                  concurrency_lease: 1s
                shared:
                  redis: {url: '%s'}
                  key_prefix: '%s'
                """
                    .formatted(slow.baseUrl(), longer.baseUrl(), redis.url(), redis.prefix()));
    client = gateway.openAiClient(TestGateway.KEY);
  }

  @AfterAll
  void stop() {
    gateway.close();
    slow.close();
    longer.close();
    redis.close();
  }

  private static ChatCompletionCreateParams chat(String model, long maxTokens) {
    return ChatCompletionCreateParams.builder()
        .model(model)
        .addUserMessage("How many tokens does this prompt take?")
        .maxTokens(maxTokens)
        .build();
  }

  @com.google.errorprone.annotations.MustBeClosed
  private HttpResponseFor<ChatCompletion> ask(String model, long maxTokens) {
    return client.chat().completions().withRawResponse().create(chat(model, maxTokens));
  }

  @Test
  void theFourthRequestInAMinuteIs429WithRetryAfterAndTheHeaders() {
    for (int remaining = 2; remaining >= 0; remaining--) {
      try (HttpResponseFor<ChatCompletion> answer = ask("rpm-route", 16)) {
        assertThat(answer.statusCode()).isEqualTo(200);
        Headers headers = answer.headers();
        assertThat(headers.values("x-ratelimit-limit-requests")).containsExactly("3");
        assertThat(headers.values("x-ratelimit-remaining-requests"))
            .containsExactly(Integer.toString(remaining));
        assertThat(headers.values("x-ratelimit-reset-requests").getFirst()).matches("[0-9.]+m?s");
        assertThat(headers.values("x-ratelimit-limit-tokens")).isEmpty(); // no token limit here
      }
    }
    assertThatThrownBy(() -> client.chat().completions().create(chat("rpm-route", 16)))
        .isInstanceOfSatisfying(
            RateLimitException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(429);
              assertThat(e.code()).contains("rate_limit_exceeded");
              assertThat(e.getMessage())
                  .contains("Rate limit reached for route 'rpm-route' on requests per minute");
              // One request refills every 20 s.
              assertThat(Integer.parseInt(e.headers().values("retry-after").getFirst()))
                  .isBetween(1, 20);
              assertThat(e.headers().values("x-ratelimit-remaining-requests")).containsExactly("0");
              assertThat(e.headers().values("x-ratelimit-limit-requests")).containsExactly("3");
              assertThat(e.headers().values("x-modelgate-ratelimit-scope"))
                  .containsExactly("route");
            });
    String metrics = HttpProbe.get(gateway.baseUrl() + "/metrics", TestGateway.KEY).body();
    assertThat(metrics)
        .contains("modelgate_ratelimit_rejections_total{route=\"rpm-route\",scope=\"route\"} 1.0");
  }

  /** A model prefix's limit is one bucket for the whole family: two models spend it together. */
  @Test
  void aModelFamilysLimitIsSharedByItsModels() {
    try (HttpResponseFor<ChatCompletion> small = ask("family-small", 16);
        HttpResponseFor<ChatCompletion> large = ask("family-large", 16)) {
      assertThat(small.statusCode()).isEqualTo(200);
      assertThat(large.statusCode()).isEqualTo(200);
      assertThat(large.headers().values("x-ratelimit-remaining-requests")).containsExactly("0");
    }
    assertThatThrownBy(() -> client.chat().completions().create(chat("family-small", 16)))
        .isInstanceOfSatisfying(
            RateLimitException.class,
            e -> {
              assertThat(e.getMessage()).contains("family-*");
              assertThat(e.headers().values("x-modelgate-ratelimit-scope"))
                  .containsExactly("model");
            });
  }

  @Test
  void tokensAreReservedFromMaxTokensAndSettledFromTheRealUsage() {
    long firstRemaining;
    long firstUsed;
    try (HttpResponseFor<ChatCompletion> first = ask("tpm-route", 100)) {
      assertThat(first.headers().values("x-ratelimit-limit-tokens")).containsExactly("600");
      firstRemaining =
          Long.parseLong(first.headers().values("x-ratelimit-remaining-tokens").get(0));
      firstUsed = first.parse().usage().orElseThrow().totalTokens();
    }
    // Reserved: the prompt (about 20 tokens) and max_tokens.
    assertThat(600 - firstRemaining).isBetween(110L, 140L);
    try (HttpResponseFor<ChatCompletion> second = ask("tpm-route", 100)) {
      long secondRemaining =
          Long.parseLong(second.headers().values("x-ratelimit-remaining-tokens").get(0));
      // The first call's reservation was replaced by what it used; 600 tpm refill 10 a second.
      assertThat(firstRemaining - secondRemaining).isBetween(firstUsed - 12, firstUsed);
    }
    assertThatThrownBy(() -> client.chat().completions().create(chat("tpm-route", 1000)))
        .isInstanceOfSatisfying(
            RateLimitException.class,
            e -> {
              assertThat(e.getMessage()).contains("Request too large for route 'tpm-route'");
              assertThat(e.headers().values("retry-after")).isEmpty();
            });
  }

  /** A stream read to its end in the background, once {@code upstream} has begun answering it. */
  private CompletableFuture<StreamedChat> streamStarted(
      ChatCompletionCreateParams params, FakeUpstream upstream) {
    CompletableFuture<StreamedChat> running =
        CompletableFuture.supplyAsync(() -> StreamedChat.of(client, params));
    Await.until(() -> upstream.partsWritten() > 0, "the stream to start");
    return running;
  }

  @Test
  void aStreamHoldsItsConcurrencySlotUntilItsLastEvent() throws Exception {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder().model("one-at-a-time").addUserMessage("hi").build();
    CompletableFuture<StreamedChat> running = streamStarted(params, slow);
    assertThatThrownBy(() -> client.chat().completions().create(params))
        .isInstanceOfSatisfying(
            RateLimitException.class,
            e -> {
              assertThat(e.getMessage()).contains("on concurrent requests");
              assertThat(e.headers().values("retry-after")).containsExactly("1");
            });
    assertThat(running.get(20, TimeUnit.SECONDS).text()).isEqualTo(SlowStreamScript.text(5));
    try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> again =
            client.chat().completions().withRawResponse().createStreaming(params);
        StreamResponse<ChatCompletionChunk> stream = again.parse()) {
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(stream.stream().count()).isPositive();
    }
  }

  /**
   * A stream of 2.5 s under a 1 s concurrency lease keeps its slot to its end: its lease in Redis
   * is renewed while it runs (without renewal the slot lapsed after 1 s and a second call got in).
   */
  @Test
  void aStreamLongerThanTheLeaseKeepsItsSlot() throws Exception {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder().model("long-stream").addUserMessage("hi").build();
    CompletableFuture<StreamedChat> running = streamStarted(params, longer);
    long started = System.nanoTime();
    Thread.sleep(1_800);
    assertThat(running).as("still streaming past the lease").isNotDone();
    assertThatThrownBy(() -> client.chat().completions().create(params))
        .isInstanceOfSatisfying(
            RateLimitException.class,
            e -> assertThat(e.getMessage()).contains("on concurrent requests"));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_400));
    assertThat(running.get(20, TimeUnit.SECONDS).text()).isEqualTo(SlowStreamScript.text(25));
    assertThat(StreamedChat.of(client, params).text()).isEqualTo(SlowStreamScript.text(25));
  }

  @Test
  void anthropicClientsGetTheirOwn429Shape() {
    var anthropic = gateway.anthropicClient(TestGateway.KEY);
    MessageCreateParams params =
        MessageCreateParams.builder()
            .model("claude-route")
            .maxTokens(64)
            .addUserMessage("hello")
            .build();
    assertThat(anthropic.messages().create(params).content()).isNotEmpty();
    assertThatThrownBy(() -> anthropic.messages().create(params))
        .isInstanceOfSatisfying(
            com.anthropic.errors.RateLimitException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(429);
              assertThat(e.getMessage()).contains("rate_limit_error").contains("claude-route");
              assertThat(e.headers().values("retry-after")).isNotEmpty();
              assertThat(e.headers().values("x-ratelimit-remaining-requests")).containsExactly("0");
            });
  }
}

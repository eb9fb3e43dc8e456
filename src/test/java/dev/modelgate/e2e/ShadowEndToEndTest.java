package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Shadow traffic through the whole gateway: the shadow upstream answers only after two seconds, and
 * the client's calls still complete in about the primary's time; the shadow's figures reach the
 * metrics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShadowEndToEndTest {
  private static final Duration SHADOW_DELAY = Duration.ofSeconds(2);

  private FakeUpstream primary;
  private FakeUpstream shadow;
  private TestGateway gateway;
  private OpenAIClient client;

  @BeforeAll
  void start() {
    primary = FakeUpstream.start().respond(OpenAiUpstreamScript::answer);
    shadow =
        FakeUpstream.start()
            .respond(
                request -> OpenAiUpstreamScript.answer(request).withFirstByteDelay(SHADOW_DELAY));
    gateway =
        TestGateway.start(
            TestGateway.authBlock()
                + """
                upstreams:
                  - name: primary
                    type: openai
                    dialect: openai
                    base_url: %s
                  - name: shadow
                    type: openai
                    dialect: openai
                    base_url: %s
                routes:
                  - model: chat
                    targets: [{upstream: primary, model: primary-model}]
                    shadow:
                      target: {upstream: shadow, model: shadow-model}
                      sample_rate: 1.0
                """
                    .formatted(primary.baseUrl(), shadow.baseUrl()));
    client = gateway.openAiClient();
  }

  @AfterAll
  void stop() {
    gateway.close();
    primary.close();
    shadow.close();
  }

  private static ChatCompletionCreateParams chat(String text) {
    return ChatCompletionCreateParams.builder().model("chat").addUserMessage(text).build();
  }

  @Test
  void aSlowShadowAddsNoLatencyAndIsRecorded() throws Exception {
    client.chat().completions().create(chat("warm up")); // first connections, class loading
    double before = metric("modelgate_shadow_requests_total\\{outcome=\"success\",route=\"chat\"}");

    long start = System.nanoTime();
    ChatCompletion completion = client.chat().completions().create(chat("blocking question"));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(completion.choices().getFirst().message().content())
        .hasValue("echo: blocking question");
    // The shadow alone takes 2 s; the primary answers at once. A generous bound, not a timing test.
    assertThat(elapsed).isLessThan(Duration.ofMillis(1500));
    awaitMetric(
        "modelgate_shadow_requests_total\\{outcome=\"success\",route=\"chat\"}", before + 2);
    assertThat(shadow.lastRequest().bodyText()).contains("\"model\":\"shadow-model\"");
    String metrics = scrape();
    assertThat(metric(metrics, "modelgate_shadow_latency_seconds_max\\{route=\"chat\"}"))
        .isGreaterThanOrEqualTo(2.0);
    assertThat(
            metric(metrics, "modelgate_shadow_tokens_total\\{kind=\"completion\",route=\"chat\"}"))
        .isPositive();
  }

  @Test
  void aStreamedPrimaryIsComparedWithItsShadow() throws Exception {
    double compared = metric("modelgate_shadow_similarity_count\\{route=\"chat\"}");
    double sum = metric("modelgate_shadow_similarity_sum\\{route=\"chat\"}");
    StringBuilder text = new StringBuilder();
    long start = System.nanoTime();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(chat("streamed words here"))) {
      stream.stream()
          .forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    assertThat(text.toString()).isNotEmpty();

    awaitMetric("modelgate_shadow_similarity_count\\{route=\"chat\"}", compared + 1);
    // Both upstreams answer the same words: a similarity of 1.
    assertThat(metric("modelgate_shadow_similarity_sum\\{route=\"chat\"}") - sum).isEqualTo(1.0);
  }

  private String scrape() {
    HttpProbe.Result result = HttpProbe.get(gateway.baseUrl() + "/metrics", null);
    assertThat(result.status()).isEqualTo(200);
    return result.body();
  }

  private double metric(String pattern) {
    return metric(scrape(), pattern);
  }

  private static double metric(String metrics, String pattern) {
    Matcher m = Pattern.compile("(?m)^" + pattern + " (\\S+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** Waits for the shadow's own thread to record; bounded, and not a timing assertion. */
  private void awaitMetric(String pattern, double atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (metric(pattern) < atLeast) {
      assertThat(System.nanoTime()).as(pattern + " reaches " + atLeast).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}

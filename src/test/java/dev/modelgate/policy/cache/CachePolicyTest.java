package dev.modelgate.policy.cache;

import static dev.modelgate.testkit.PolicyCalls.answer;
import static dev.modelgate.testkit.PolicyCalls.body;
import static dev.modelgate.testkit.PolicyCalls.drain;
import static dev.modelgate.testkit.PolicyCalls.streamed;
import static dev.modelgate.testkit.PolicyCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.chain.AnswerHeaders;
import dev.modelgate.chain.Call;
import dev.modelgate.chain.Chain;
import dev.modelgate.chain.ChainPlan;
import dev.modelgate.model.Reply;
import dev.modelgate.route.Route;
import dev.modelgate.testkit.FakeClock;
import dev.modelgate.testkit.PolicyCalls;
import dev.modelgate.testkit.ScriptedAdapter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CachePolicyTest {
  private final FakeClock clock = new FakeClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ScriptedAdapter upstream =
      ScriptedAdapter.answering(() -> answer("first")).then(() -> answer("second"));
  private final Route route = new Route("chat", List.of(upstream.target("u")), true);

  private Chain chain(CacheScope scope) {
    CacheSettings settings =
        new CacheSettings(Duration.ofMinutes(5), scope, 100, Duration.ofHours(1));
    return ChainPlan.build(
        new ChainPlan.RoutePolicies(
            new CachePolicy(
                "chat", settings, new LocalResponseCache(settings, clock), clock, registry),
            null,
            null,
            null,
            null,
            null));
  }

  private Call call(String text, Map<String, String> headers) {
    return call("k1", body(text, false), headers);
  }

  private Call call(String key, String body, Map<String, String> headers) {
    return PolicyCalls.call(route, key, body, headers);
  }

  @Test
  void aRepeatedRequestIsAHitAndNeverReachesTheUpstream() {
    Chain chain = chain(CacheScope.KEY);
    Call miss = call("hello", Map.of());
    assertThat(text(chain.run(miss))).contains("first");
    assertThat(miss.responseHeader(AnswerHeaders.CACHE)).isEqualTo("miss");

    Call hit = call("hello", Map.of());
    assertThat(text(chain.run(hit))).contains("first");
    assertThat(hit.responseHeader(AnswerHeaders.CACHE)).isEqualTo("hit");
    assertThat(hit.attempts()).isZero();
    assertThat(upstream.calls()).isEqualTo(1);
    assertThat(registry.get("modelgate.cache.requests").tag("result", "hit").counter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("modelgate.cache.requests").tag("result", "miss").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void aDifferentRequestIsAMiss() {
    Chain chain = chain(CacheScope.KEY);
    chain.run(call("hello", Map.of()));
    Call other = call("goodbye", Map.of());
    assertThat(text(chain.run(other))).contains("second");
    assertThat(other.responseHeader(AnswerHeaders.CACHE)).isEqualTo("miss");
  }

  @Test
  void fieldOrderAndDeliveryFieldsDoNotChangeTheKeyButParametersDo() {
    Chain chain = chain(CacheScope.KEY);
    chain.run(
        call(
            "k1",
            "{\"model\":\"chat\",\"temperature\":0.2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            Map.of()));
    Call reordered =
        call(
            "k1",
            "{\"user\":\"bob\",\"messages\":[{\"content\":\"x\",\"role\":\"user\"}],\"temperature\":0.2,\"model\":\"chat\"}",
            Map.of());
    chain.run(reordered);
    assertThat(reordered.responseHeader(AnswerHeaders.CACHE)).isEqualTo("hit");

    Call warmer =
        call(
            "k1",
            "{\"model\":\"chat\",\"temperature\":0.9,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            Map.of());
    chain.run(warmer);
    assertThat(warmer.responseHeader(AnswerHeaders.CACHE)).isEqualTo("miss");
  }

  @Test
  void anAnswerExpiresAfterItsTtl() {
    Chain chain = chain(CacheScope.KEY);
    chain.run(call("hello", Map.of()));
    clock.advance(Duration.ofMinutes(5).minusSeconds(1));
    assertThat(text(chain.run(call("hello", Map.of())))).contains("first");

    clock.advance(Duration.ofSeconds(1));
    Call expired = call("hello", Map.of());
    assertThat(text(chain.run(expired))).contains("second");
    assertThat(expired.responseHeader(AnswerHeaders.CACHE)).isEqualTo("miss");
  }

  @Test
  void noStoreNeitherReadsNorKeeps() {
    Chain chain = chain(CacheScope.KEY);
    Call bypass = call("hello", Map.of("cache-control", "no-store"));
    chain.run(bypass);
    assertThat(bypass.responseHeader(AnswerHeaders.CACHE)).isEqualTo("bypass");

    Call next = call("hello", Map.of());
    assertThat(text(chain.run(next))).contains("second");
    assertThat(next.responseHeader(AnswerHeaders.CACHE)).isEqualTo("miss");
  }

  @Test
  void noCacheSkipsTheLookupButKeepsTheFreshAnswer() {
    Chain chain = chain(CacheScope.KEY);
    chain.run(call("hello", Map.of()));
    Call fresh = call("hello", Map.of("cache-control", "No-Cache"));
    assertThat(text(chain.run(fresh))).contains("second");

    assertThat(text(chain.run(call("hello", Map.of())))).contains("second");
    assertThat(upstream.calls()).isEqualTo(2);
  }

  @Test
  void theScopeDecidesWhoShares() {
    Chain perKey = chain(CacheScope.KEY);
    perKey.run(call("k1", body("hello", false), Map.of()));
    Call otherKey = call("k2", body("hello", false), Map.of());
    perKey.run(otherKey);
    assertThat(otherKey.responseHeader(AnswerHeaders.CACHE)).isEqualTo("miss");

    Chain global = chain(CacheScope.GLOBAL);
    global.run(call("k1", body("shared", false), Map.of()));
    Call anyone = call("k3", body("shared", false), Map.of());
    global.run(anyone);
    assertThat(anyone.responseHeader(AnswerHeaders.CACHE)).isEqualTo("hit");
  }

  @Test
  void aStreamIsReplayedAsTheSameStream() {
    ScriptedAdapter streaming =
        ScriptedAdapter.answering(() -> streamed("Hel", "lo", "!"))
            .then(() -> streamed("different"));
    Route streamRoute = new Route("chat", List.of(streaming.target("s")), true);
    Chain chain = chain(CacheScope.KEY);
    Reply original = chain.run(PolicyCalls.call(streamRoute, "k1", body("hi", true), Map.of()));
    var originalItems = drain(original);

    Call again = PolicyCalls.call(streamRoute, "k1", body("hi", true), Map.of());
    var replayed = drain(chain.run(again));

    assertThat(again.responseHeader(AnswerHeaders.CACHE)).isEqualTo("hit");
    // Three text chunks and the usage chunk the chain adds (the script sends no usage).
    assertThat(replayed).hasSize(4).isEqualTo(originalItems);
    assertThat(streaming.calls()).isEqualTo(1);
  }

  @Test
  void aStreamClosedEarlyIsNotKept() {
    ScriptedAdapter streaming =
        ScriptedAdapter.answering(() -> streamed("a", "b", "c")).then(() -> streamed("x"));
    Route streamRoute = new Route("chat", List.of(streaming.target("s")), true);
    Chain chain = chain(CacheScope.KEY);
    Reply first = chain.run(PolicyCalls.call(streamRoute, "k1", body("hi", true), Map.of()));
    var stream = ((Reply.Streaming) first).stream();
    stream.next();
    stream.close();

    Call again = PolicyCalls.call(streamRoute, "k1", body("hi", true), Map.of());
    drain(chain.run(again));
    assertThat(again.responseHeader(AnswerHeaders.CACHE)).isEqualTo("miss");
  }

  @Test
  void aCompleteAnswerIsReplayedAsAStreamToAStreamingClient() {
    Chain chain = chain(CacheScope.KEY);
    chain.run(call("k1", body("hello", false), Map.of()));

    Call streaming = call("k1", body("hello", true), Map.of());
    var items = drain(chain.run(streaming));

    assertThat(streaming.responseHeader(AnswerHeaders.CACHE)).isEqualTo("hit");
    assertThat(upstream.calls()).isEqualTo(1);
    StringBuilder text = new StringBuilder();
    String finish = null;
    for (var item : items) {
      for (var choice : ((dev.modelgate.model.ChatChunk) item).choices()) {
        if (choice.delta().content() != null) {
          text.append(choice.delta().content());
        }
        if (choice.finishReason() != null) {
          finish = choice.finishReason().wire();
        }
      }
    }
    assertThat(text.toString()).isEqualTo("first");
    assertThat(finish).isEqualTo("stop");
    assertThat(items.getLast().usage()).isEqualTo(dev.modelgate.model.Usage.of(3, 2));
  }

  @Test
  void aStreamedAnswerIsAssembledForAClientThatDoesNotStream() {
    ScriptedAdapter streaming =
        ScriptedAdapter.answering(() -> streamed("Hel", "lo", "!"))
            .then(() -> streamed("different"));
    Route streamRoute = new Route("chat", List.of(streaming.target("s")), true);
    Chain chain = chain(CacheScope.KEY);
    drain(chain.run(PolicyCalls.call(streamRoute, "k1", body("hi", true), Map.of())));

    Call blocking = PolicyCalls.call(streamRoute, "k1", body("hi", false), Map.of());
    Reply reply = chain.run(blocking);

    assertThat(blocking.responseHeader(AnswerHeaders.CACHE)).isEqualTo("hit");
    assertThat(streaming.calls()).isEqualTo(1);
    var whole = (dev.modelgate.model.ChatResponse) ((Reply.Complete) reply).body();
    assertThat(whole.choices())
        .singleElement()
        .satisfies(
            choice -> {
              assertThat(choice.message().text()).isEqualTo("Hello!");
              assertThat(choice.finishReason()).isEqualTo(dev.modelgate.model.FinishReason.STOP);
            });
    assertThat(whole.usage()).isNotNull();
  }

  @Test
  void aRelayedOpenAiStreamIsAssembledToo() {
    List<dev.modelgate.model.StreamItem> events =
        List.of(
            relayed("{\"role\":\"assistant\",\"content\":\"Bon\"}", null),
            relayed("{\"content\":\"jour\"}", null),
            relayed("{}", "\"length\""));
    ScriptedAdapter streaming =
        ScriptedAdapter.answering(() -> new Reply.Streaming(new ReplayStream(events)));
    Route streamRoute = new Route("chat", List.of(streaming.target("s")), true);
    Chain chain = chain(CacheScope.KEY);
    drain(chain.run(PolicyCalls.call(streamRoute, "k1", body("hi", true), Map.of())));

    Call blocking = PolicyCalls.call(streamRoute, "k1", body("hi", false), Map.of());
    var whole = (dev.modelgate.model.ChatResponse) ((Reply.Complete) chain.run(blocking)).body();

    assertThat(blocking.responseHeader(AnswerHeaders.CACHE)).isEqualTo("hit");
    assertThat(whole.id()).isEqualTo("chatcmpl-r");
    assertThat(whole.model()).isEqualTo("relayed-model");
    assertThat(whole.choices().getFirst().message().text()).isEqualTo("Bonjour");
    assertThat(whole.choices().getFirst().finishReason())
        .isEqualTo(dev.modelgate.model.FinishReason.LENGTH);
  }

  @Test
  void aStreamInAnotherClientProtocolIsNotAssembled() {
    List<dev.modelgate.model.StreamItem> events =
        List.of(
            new dev.modelgate.model.RelayedChunk(
                dev.modelgate.model.WireProtocol.ANTHROPIC,
                "message_start",
                "{\"type\":\"message_start\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                null,
                false));
    ScriptedAdapter streaming =
        ScriptedAdapter.answering(() -> new Reply.Streaming(new ReplayStream(events)))
            .then(() -> answer("fresh"));
    Route streamRoute = new Route("chat", List.of(streaming.target("s")), true);
    Chain chain = chain(CacheScope.KEY);
    drain(chain.run(PolicyCalls.call(streamRoute, "k1", body("hi", true), Map.of())));

    Call blocking = PolicyCalls.call(streamRoute, "k1", body("hi", false), Map.of());
    assertThat(text(chain.run(blocking))).contains("fresh");
    assertThat(blocking.responseHeader(AnswerHeaders.CACHE)).isEqualTo("miss");
  }

  private static dev.modelgate.model.RelayedChunk relayed(String delta, String finish) {
    String json =
        "{\"id\":\"chatcmpl-r\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"relayed-model\",\"choices\":[{\"index\":0,\"delta\":"
            + delta
            + ",\"finish_reason\":"
            + finish
            + "}]}";
    return new dev.modelgate.model.RelayedChunk(
        dev.modelgate.model.WireProtocol.OPENAI,
        null,
        json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        null,
        false);
  }
}

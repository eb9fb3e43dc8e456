package dev.modelgate.policy.fallback;

import static dev.modelgate.testkit.PolicyCalls.answer;
import static dev.modelgate.testkit.PolicyCalls.body;
import static dev.modelgate.testkit.PolicyCalls.drain;
import static dev.modelgate.testkit.PolicyCalls.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.chain.AnswerHeaders;
import dev.modelgate.chain.Call;
import dev.modelgate.chain.Chain;
import dev.modelgate.chain.ChainPlan;
import dev.modelgate.error.AllTargetsFailed;
import dev.modelgate.error.ContentFiltered;
import dev.modelgate.error.ContextLengthExceeded;
import dev.modelgate.error.UpstreamOverloaded;
import dev.modelgate.error.UpstreamRejected;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.Reply;
import dev.modelgate.policy.cache.CacheKeys;
import dev.modelgate.policy.cache.CacheScope;
import dev.modelgate.policy.cache.CacheSettings;
import dev.modelgate.policy.cache.CachedAnswer;
import dev.modelgate.policy.cache.LocalResponseCache;
import dev.modelgate.route.Route;
import dev.modelgate.testkit.FakeClock;
import dev.modelgate.testkit.PolicyCalls;
import dev.modelgate.testkit.ScriptedAdapter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FallbackPolicyTest {
  private final FakeClock clock = new FakeClock();
  private final ScriptedAdapter primary =
      ScriptedAdapter.failing(new UpstreamOverloaded("down", 503));
  private ScriptedAdapter backup = ScriptedAdapter.answering(() -> answer("backup"));
  private final Route route = new Route("chat", List.of(primary.target("primary")), true);
  private final CacheSettings cacheSettings =
      new CacheSettings(Duration.ZERO, CacheScope.KEY, 10, Duration.ofHours(1));
  private final LocalResponseCache cache = new LocalResponseCache(cacheSettings, clock);

  private Chain chain(FallbackSettings settings) {
    return ChainPlan.build(
        new ChainPlan.RoutePolicies(
            null,
            null,
            null,
            new FallbackPolicy(
                "chat",
                settings,
                List.of(new FallbackPolicy.Backup("mini", List.of(backup.target("backup")))),
                new FallbackPolicy.CacheLevel(cache, CacheScope.KEY),
                clock),
            null,
            null));
  }

  private static FallbackSettings levels(FallbackLevel... order) {
    return new FallbackSettings(List.of(order), List.of("mini"), "Sorry, try later.", false, false);
  }

  private Call call(boolean stream) {
    return PolicyCalls.call(route, "k1", body("hi", stream), Map.of());
  }

  @Test
  void aBackupModelAnswersAndTheAnswerSaysSo() {
    Call call = call(false);
    assertThat(text(chain(levels(FallbackLevel.MODELS)).run(call))).contains("backup");
    assertThat(call.responseHeader(AnswerHeaders.FALLBACK)).isEqualTo("models; target=backup/m");
    assertThat(primary.calls()).isEqualTo(1);
  }

  @Test
  void theCacheLevelServesTheLastGoodAnswerHoweverOld() {
    backup = ScriptedAdapter.failing(new UpstreamOverloaded("also down", 503));
    Call call = call(false);
    cache.put(
        CacheKeys.of(call, CacheScope.KEY),
        new CachedAnswer.Whole(((Reply.Complete) answer("cached")).body(), clock.instant()));
    clock.advance(Duration.ofMinutes(50));

    assertThat(
            text(
                chain(levels(FallbackLevel.MODELS, FallbackLevel.CACHE, FallbackLevel.DEFAULT))
                    .run(call)))
        .contains("cached");
    assertThat(call.responseHeader(AnswerHeaders.FALLBACK)).isEqualTo("cache");
  }

  @Test
  void theDefaultAnswerHasTheChatShape() {
    backup = ScriptedAdapter.failing(new UpstreamOverloaded("also down", 503));
    Call call = call(false);
    Reply reply =
        chain(levels(FallbackLevel.MODELS, FallbackLevel.CACHE, FallbackLevel.DEFAULT)).run(call);

    ChatResponse chat = (ChatResponse) ((Reply.Complete) reply).body();
    assertThat(chat.model()).isEqualTo("chat");
    assertThat(chat.choices().getFirst().message().text()).isEqualTo("Sorry, try later.");
    assertThat(chat.choices().getFirst().finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(call.responseHeader(AnswerHeaders.FALLBACK)).isEqualTo("default");
  }

  @Test
  void theDefaultAnswerIsStreamedToAStreamingClient() {
    backup = ScriptedAdapter.failing(new UpstreamOverloaded("also down", 503));
    Call call = call(true);
    var items = drain(chain(levels(FallbackLevel.MODELS, FallbackLevel.DEFAULT)).run(call));

    String text =
        items.stream()
            .map(ChatChunk.class::cast)
            .flatMap(c -> c.choices().stream())
            .map(c -> c.delta().content() == null ? "" : c.delta().content())
            .reduce("", String::concat);
    assertThat(text).isEqualTo("Sorry, try later.");
    assertThat(items.getLast().usageOnly()).isTrue();
  }

  @Test
  void theOrderIsTheConfiguredOne() {
    Call call = call(false);
    Reply reply = chain(levels(FallbackLevel.DEFAULT, FallbackLevel.MODELS)).run(call);
    assertThat(call.responseHeader(AnswerHeaders.FALLBACK)).isEqualTo("default");
    assertThat(backup.calls()).isZero();
    assertThat(reply).isInstanceOf(Reply.Complete.class);
  }

  @Test
  void aRefusedRequestDoesNotFallBack() {
    ScriptedAdapter picky =
        ScriptedAdapter.failing(new UpstreamRejected(400, "bad", null, null, null));
    Route pickyRoute = new Route("chat", List.of(picky.target("p")), true);
    Call call = PolicyCalls.call(pickyRoute, "k1", body("hi", false), Map.of());
    assertThatThrownBy(() -> chain(levels(FallbackLevel.MODELS)).run(call))
        .isInstanceOf(UpstreamRejected.class);
    assertThat(backup.calls()).isZero();
  }

  @Test
  void contentFilterAndContextLengthFallBackOnlyWhereTheRouteSaysSo() {
    ScriptedAdapter filtered =
        ScriptedAdapter.failing(new ContentFiltered("refused"))
            .thenFail(new ContextLengthExceeded("too long"));
    Route strict = new Route("chat", List.of(filtered.target("f")), true);
    FallbackSettings off = levels(FallbackLevel.MODELS);
    assertThatThrownBy(
            () -> chain(off).run(PolicyCalls.call(strict, "k1", body("a", false), Map.of())))
        .isInstanceOf(ContentFiltered.class);
    assertThatThrownBy(
            () -> chain(off).run(PolicyCalls.call(strict, "k1", body("b", false), Map.of())))
        .isInstanceOf(ContextLengthExceeded.class);

    FallbackSettings on =
        new FallbackSettings(List.of(FallbackLevel.MODELS), List.of("mini"), null, true, true);
    Call longer = PolicyCalls.call(strict, "k1", body("c", false), Map.of());
    assertThat(text(chain(on).run(longer))).contains("backup");
    assertThat(longer.responseHeader(AnswerHeaders.FALLBACK)).startsWith("models");
  }

  @Test
  void whenEveryLevelFailsAllFailuresAreReported() {
    backup = ScriptedAdapter.failing(new UpstreamOverloaded("also down", 503));
    Call call = call(false);
    assertThatThrownBy(() -> chain(levels(FallbackLevel.MODELS, FallbackLevel.CACHE)).run(call))
        .isInstanceOfSatisfying(AllTargetsFailed.class, e -> assertThat(e.attempts()).hasSize(2));
    assertThat(call.responseHeader(AnswerHeaders.FALLBACK)).isNull();
  }
}

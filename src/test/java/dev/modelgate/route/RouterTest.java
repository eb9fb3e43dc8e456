package dev.modelgate.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.provider.spi.Capabilities;
import dev.modelgate.provider.spi.Invocation;
import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.upstream.Timeouts;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {

  /** An adapter that routing never calls. */
  private static final class StubAdapter implements ProviderAdapter {
    @Override
    public Capabilities capabilities() {
      return new Capabilities(Set.of(Operation.CHAT), true, false, false, false, false, false);
    }

    @Override
    public Reply send(Invocation invocation) {
      throw new UnsupportedOperationException("routing tests never send");
    }
  }

  private static final ProviderAdapter ADAPTER = new StubAdapter();

  private static Target target(String endpoint, String upstreamModel) {
    return new Target(endpoint, ADAPTER, upstreamModel, Timeouts.DEFAULT);
  }

  private static Route route(String model, String endpoint, String upstreamModel) {
    return new Route(model, List.of(target(endpoint, upstreamModel)), true);
  }

  private static String upstreamModel(RouteMatch match) {
    return match.upstreamModel(match.route().targets().get(0));
  }

  @Test
  void exactRouteBeatsMatchingPrefix() {
    Router router =
        new Router(
            List.of(
                route("deepseek/*", "wild", "*"),
                route("deepseek/deepseek-chat", "exact", "deepseek-chat-v3")));

    RouteMatch match = router.find("deepseek/deepseek-chat");

    assertThat(match.route().model()).isEqualTo("deepseek/deepseek-chat");
    assertThat(match.publicModel()).isEqualTo("deepseek/deepseek-chat");
    assertThat(upstreamModel(match)).isEqualTo("deepseek-chat-v3");
  }

  @Test
  void longestPrefixWinsWhateverTheOrder() {
    List<Route> routes =
        List.of(
            route("open*", "short", "*"),
            route("openai/gpt-4*", "longest", "gpt-4*"),
            route("openai/*", "middle", "*"));
    Router router = new Router(routes);
    Router reversed = new Router(routes.reversed());

    assertThat(router.find("openai/gpt-4o").route().model()).isEqualTo("openai/gpt-4*");
    assertThat(reversed.find("openai/gpt-4o").route().model()).isEqualTo("openai/gpt-4*");
    assertThat(router.find("openai/o3").route().model()).isEqualTo("openai/*");
    assertThat(router.find("openrouter/x").route().model()).isEqualTo("open*");
  }

  @Test
  void wildcardPartIsSubstitutedIntoTheUpstreamModel() {
    Router router =
        new Router(
            List.of(
                new Route(
                    "deepseek/*",
                    List.of(target("ds", "*"), target("backup", "accounts/fw/models/*-fast")),
                    false)));

    RouteMatch match = router.find("deepseek/deepseek-reasoner");

    assertThat(match.wildcardPart()).isEqualTo("deepseek-reasoner");
    assertThat(match.upstreamModel(match.route().targets().get(0))).isEqualTo("deepseek-reasoner");
    assertThat(match.upstreamModel(match.route().targets().get(1)))
        .isEqualTo("accounts/fw/models/deepseek-reasoner-fast");
  }

  @Test
  void prefixNeedsSomethingAfterIt() {
    Router router = new Router(List.of(route("deepseek/*", "ds", "*")));

    assertThat(router.find("deepseek/")).isNull();
    assertThat(router.find("deepseek")).isNull();
  }

  @Test
  void unknownModelFindsNothing() {
    Router router =
        new Router(List.of(route("gpt-4o", "openai", "gpt-4o"), route("qwen-*", "q", "*")));

    assertThat(router.find("gpt-4o-mini")).isNull();
    assertThat(router.find("GPT-4O")).isNull();
    assertThat(router.find("")).isNull();
  }

  @Test
  void exactRouteUsesItsTargetModel() {
    Router router = new Router(List.of(route("smart", "openai", "gpt-4o-2024-08-06")));

    RouteMatch match = router.find("smart");

    assertThat(upstreamModel(match)).isEqualTo("gpt-4o-2024-08-06");
  }

  @Test
  void starAloneRoutesEveryModel() {
    Router router =
        new Router(List.of(route("*", "catch-all", "*"), route("echo", "echo", "echo")));

    assertThat(upstreamModel(router.find("anything/goes"))).isEqualTo("anything/goes");
    assertThat(router.find("echo").route().model()).isEqualTo("echo");
  }

  @Test
  void listedExcludesWildcardAndUnlistedRoutes() {
    Route listed = route("gpt-4o", "openai", "gpt-4o");
    Route hidden = new Route("internal", List.of(target("echo", "echo")), false);
    Route wildcard = route("deepseek/*", "ds", "*");
    Route second = route("echo", "echo", "echo");
    Router router = new Router(List.of(listed, hidden, wildcard, second));

    assertThat(router.listed()).containsExactly(listed, second);
    assertThat(router.find("internal")).as("unlisted routes still route").isNotNull();
  }

  @Test
  void routeNeedsATarget() {
    assertThatThrownBy(() -> new Route("m", List.of(), true))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.modelgate.testkit;

import dev.modelgate.auth.Principal;
import dev.modelgate.chain.Call;
import dev.modelgate.chain.CallListener;
import dev.modelgate.error.Internal;
import dev.modelgate.model.InboundRequest;
import dev.modelgate.model.Operation;
import dev.modelgate.model.RelayedBody;
import dev.modelgate.model.Reply;
import dev.modelgate.model.Usage;
import dev.modelgate.model.WireProtocol;
import dev.modelgate.provider.spi.Capabilities;
import dev.modelgate.provider.spi.Invocation;
import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.route.Route;
import dev.modelgate.route.RouteMatch;
import dev.modelgate.route.Target;
import dev.modelgate.upstream.Timeouts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Calls and targets for policy unit tests on a fake chain: targets whose adapter must never be
 * reached (the fake chain answers instead), and OpenAI chat calls with chosen headers and key.
 */
public final class FakeCalls {
  private static final ProviderAdapter UNREACHABLE =
      new ProviderAdapter() {
        @Override
        public Capabilities capabilities() {
          return new Capabilities(Set.of(Operation.CHAT), true, true, true, true, true, true);
        }

        @Override
        public Reply send(Invocation invocation) {
          throw new Internal("a fake chain answers; no adapter is called", null);
        }
      };

  private FakeCalls() {}

  public static Target target(String endpoint) {
    return new Target(endpoint, UNREACHABLE, "m", Timeouts.DEFAULT);
  }

  /** A chat call on a route of {@code targets}, by the key with id {@code keyId}. */
  public static Call call(
      List<Target> targets, String keyId, String body, Map<String, String> headers) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    InboundRequest request =
        new InboundRequest(
            WireProtocol.OPENAI,
            Operation.CHAT,
            bytes,
            "chat",
            false,
            false,
            topLevelKeys(body),
            b -> {
              throw new IllegalStateException("policy tests do not decode");
            },
            -1,
            -1);
    Route route = new Route("chat", targets, true);
    return new Call(
        "req-" + keyId,
        request,
        new Principal(keyId, "test", List.of("*")),
        new RouteMatch(route, "chat", "chat"),
        CallListener.NONE,
        headers::get);
  }

  public static Call call(List<Target> targets, String keyId) {
    return call(targets, keyId, "{\"model\":\"chat\",\"messages\":[]}", Map.of());
  }

  /** A complete OpenAI chat answer with {@code text}, relayed as an upstream would send it. */
  public static Reply answer(String text) {
    String json =
        "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
            + "{\"role\":\"assistant\",\"content\":\""
            + text
            + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,"
            + "\"completion_tokens\":2,\"total_tokens\":5}}";
    return new Reply.Complete(
        new RelayedBody(
            WireProtocol.OPENAI, json.getBytes(StandardCharsets.UTF_8), Usage.of(3, 2)));
  }

  private static List<String> topLevelKeys(String body) {
    try {
      List<String> keys = new java.util.ArrayList<>();
      dev.modelgate.codec.Json.parse(body.getBytes(StandardCharsets.UTF_8))
          .fieldNames()
          .forEachRemaining(keys::add);
      return keys;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

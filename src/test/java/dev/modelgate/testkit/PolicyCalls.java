package dev.modelgate.testkit;

import dev.modelgate.auth.Principal;
import dev.modelgate.chain.Call;
import dev.modelgate.chain.CallListener;
import dev.modelgate.codec.OpenAiRequestCodec;
import dev.modelgate.codec.RequestScan;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChunkChoice;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.InboundRequest;
import dev.modelgate.model.MessageDelta;
import dev.modelgate.model.Operation;
import dev.modelgate.model.RelayedBody;
import dev.modelgate.model.Reply;
import dev.modelgate.model.StreamItem;
import dev.modelgate.model.Usage;
import dev.modelgate.model.WireProtocol;
import dev.modelgate.policy.cache.ReplayStream;
import dev.modelgate.route.Route;
import dev.modelgate.route.RouteMatch;
import dev.modelgate.route.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** OpenAI chat calls and answers for policy tests, made as the front door makes them. */
public final class PolicyCalls {
  private PolicyCalls() {}

  public static String body(String text, boolean stream) {
    return "{\"model\":\"chat\",\"stream\":"
        + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\""
        + text
        + "\"}]}";
  }

  /** A call of key {@code keyId} on a route of {@code targets}, with request headers. */
  public static Call call(Route route, String keyId, String body, Map<String, String> headers) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    RequestScan.Result scan = RequestScan.scan(bytes, Operation.CHAT);
    InboundRequest request =
        new InboundRequest(
            WireProtocol.OPENAI,
            Operation.CHAT,
            bytes,
            scan.model(),
            scan.stream(),
            scan.includeUsage(),
            scan.keys(),
            OpenAiRequestCodec::decodeChat,
            -1,
            -1);
    return new Call(
        "req-1",
        request,
        new Principal(keyId, "team-" + keyId, List.of("*")),
        new RouteMatch(route, route.model(), route.model()),
        CallListener.NONE,
        headers::get);
  }

  public static Call call(List<Target> targets, String text, boolean stream) {
    return call(new Route("chat", targets, true), "k1", body(text, stream), Map.of());
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

  /** A streamed answer, one typed chunk per piece of text. */
  public static Reply streamed(String... pieces) {
    List<StreamItem> chunks = new ArrayList<>();
    for (String piece : pieces) {
      chunks.add(
          new ChatChunk(
              "c",
              1,
              "chat",
              List.of(new ChunkChoice(0, MessageDelta.text(piece), null, null)),
              null,
              null,
              null));
    }
    return new Reply.Streaming(new ReplayStream(chunks));
  }

  /** Every item of a streamed reply. */
  public static List<StreamItem> drain(Reply reply) {
    List<StreamItem> items = new ArrayList<>();
    try (ChunkStream stream = ((Reply.Streaming) reply).stream()) {
      StreamItem item;
      while ((item = stream.next()) != null) {
        items.add(item);
      }
    }
    return items;
  }

  /** The text of a complete relayed or typed chat answer. */
  public static String text(Reply reply) {
    return switch (((Reply.Complete) reply).body()) {
      case RelayedBody relayed -> new String(relayed.json(), StandardCharsets.UTF_8);
      case dev.modelgate.model.ChatResponse chat -> chat.choices().getFirst().message().text();
      default -> throw new AssertionError("not a chat answer");
    };
  }
}

package dev.modelgate.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;

/**
 * A fake model that says the given texts in turn (the last one again once they run out), in
 * OpenAI's or Anthropic's wire format, optionally streamed in given pieces.
 */
final class ScriptedAnswers implements Function<FakeUpstream.RecordedRequest, FakeResponse> {
  enum Style {
    OPENAI,
    ANTHROPIC
  }

  private final Style style;
  private final ConcurrentLinkedDeque<String> texts = new ConcurrentLinkedDeque<>();
  private final boolean usage;

  ScriptedAnswers(Style style, boolean usage, String... answers) {
    this.style = style;
    this.usage = usage;
    texts.addAll(List.of(answers));
  }

  @Override
  public FakeResponse apply(FakeUpstream.RecordedRequest request) {
    String text = texts.size() > 1 ? texts.poll() : texts.peek();
    return FakeResponse.json(200, complete(text));
  }

  String complete(String text) {
    ObjectNode root = Json.object();
    if (style == Style.ANTHROPIC) {
      root.put("id", "msg_1").put("type", "message").put("role", "assistant");
      root.put("model", "claude-upstream");
      root.putArray("content").addObject().put("type", "text").put("text", text);
      root.put("stop_reason", "end_turn");
      root.putObject("usage").put("input_tokens", 9).put("output_tokens", 5);
      return root.toString();
    }
    root.put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 1);
    root.put("model", "m");
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0).put("finish_reason", "stop");
    choice.putObject("message").put("role", "assistant").put("content", text);
    if (usage) {
      root.putObject("usage")
          .put("prompt_tokens", 9)
          .put("completion_tokens", 5)
          .put("total_tokens", 14);
    }
    return root.toString();
  }

  /** An OpenAI stream of {@code pieces}, with a usage chunk only when {@code usage}. */
  static FakeResponse openAiStream(boolean usage, String... pieces) {
    List<String> events = new ArrayList<>();
    for (String piece : pieces) {
      events.add(chunk(Json.object().put("content", piece), null));
    }
    events.add(chunk(Json.object(), "stop"));
    if (usage) {
      events.add(
          "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
              + "\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":5,\"total_tokens\":14}}");
    }
    events.add("[DONE]");
    return FakeResponse.sse(events);
  }

  /**
   * A stream of two choices ({@code n: 2}) whose pieces arrive alternately, one choice per chunk,
   * each finished with "stop".
   */
  static FakeResponse openAiTwoChoiceStream(List<String> first, List<String> second) {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
      if (i < first.size()) {
        events.add(chunk(0, Json.object().put("content", first.get(i)), null));
      }
      if (i < second.size()) {
        events.add(chunk(1, Json.object().put("content", second.get(i)), null));
      }
    }
    events.add(chunk(0, Json.object(), "stop"));
    events.add(chunk(1, Json.object(), "stop"));
    events.add("[DONE]");
    return FakeResponse.sse(events);
  }

  private static String chunk(ObjectNode delta, String finish) {
    return chunk(0, delta, finish);
  }

  private static String chunk(int index, ObjectNode delta, String finish) {
    ObjectNode root = Json.object();
    root.put("id", "c1").put("object", "chat.completion.chunk").put("created", 1).put("model", "m");
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", index).set("delta", delta);
    if (finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finish);
    }
    return root.toString();
  }
}

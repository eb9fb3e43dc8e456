package dev.modelgate.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.error.UpstreamProtocol;
import dev.modelgate.model.ChatChoice;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.CompletionChoice;
import dev.modelgate.model.CompletionResponse;
import dev.modelgate.model.Message;
import dev.modelgate.model.MessageContent;
import dev.modelgate.model.RelayedBody;
import dev.modelgate.model.ResponseBody;
import dev.modelgate.model.WireProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The assistant's text in an answer of any shape (typed, or relayed OpenAI or Anthropic JSON), read
 * and rewritten in place, so policies that check what a model said (JSON guarantee, guardrails,
 * usage estimation) need not know each wire format. Stream events: {@link AnswerDeltas}.
 */
public final class AnswerText {
  private AnswerText() {}

  /** The text of the first choice, or the empty string when it has none. */
  public static String of(ResponseBody body) {
    return switch (body) {
      case ChatResponse chat ->
          chat.choices().isEmpty() ? "" : chat.choices().get(0).message().text();
      case CompletionResponse completion ->
          completion.choices().isEmpty() ? "" : completion.choices().get(0).text();
      case RelayedBody relayed -> {
        StringBuilder out = new StringBuilder();
        forEachText(tree(relayed.json()), relayed.protocol(), true, t -> out.append(t.text()));
        yield out.toString();
      }
      default -> "";
    };
  }

  /** The text of every choice, in order (an Anthropic message has one). */
  public static List<String> texts(ResponseBody body) {
    return switch (body) {
      case ChatResponse chat -> chat.choices().stream().map(c -> c.message().text()).toList();
      case CompletionResponse completion ->
          completion.choices().stream().map(CompletionChoice::text).toList();
      case RelayedBody relayed -> {
        java.util.Map<Integer, String> byChoice = new java.util.TreeMap<>();
        forEachText(
            tree(relayed.json()),
            relayed.protocol(),
            false,
            t -> byChoice.merge(t.choice(), t.text(), String::concat));
        yield List.copyOf(byChoice.values());
      }
      default -> List.of();
    };
  }

  /** The answer with the text of every choice rewritten by {@code change}. */
  public static ResponseBody map(ResponseBody body, UnaryOperator<String> change) {
    return switch (body) {
      case ChatResponse chat -> {
        List<ChatChoice> choices = new ArrayList<>();
        for (ChatChoice choice : chat.choices()) {
          choices.add(
              new ChatChoice(
                  choice.index(),
                  withText(choice.message(), change),
                  choice.finishReason(),
                  choice.logprobs()));
        }
        yield new ChatResponse(
            chat.id(),
            chat.created(),
            chat.model(),
            choices,
            chat.usage(),
            chat.systemFingerprint(),
            chat.extensions());
      }
      case CompletionResponse completion ->
          new CompletionResponse(
              completion.id(),
              completion.created(),
              completion.model(),
              completion.choices().stream()
                  .map(
                      c ->
                          new CompletionChoice(
                              c.index(), change.apply(c.text()), c.finishReason(), c.logprobs()))
                  .toList(),
              completion.usage());
      case RelayedBody relayed -> {
        ObjectNode root = tree(relayed.json());
        forEachText(root, relayed.protocol(), false, t -> t.set(change.apply(t.text())));
        yield new RelayedBody(relayed.protocol(), Json.bytes(root), relayed.usage());
      }
      default -> body;
    };
  }

  private static Message withText(Message message, UnaryOperator<String> change) {
    if (message.content() == null) {
      return message;
    }
    return new Message(
        message.role(),
        new MessageContent.Plain(change.apply(message.text())),
        message.name(),
        message.toolCalls(),
        message.toolCallId(),
        message.reasoning(),
        message.refusal(),
        message.extensions());
  }

  /** A text field of choice {@code choice} found in a relayed tree, readable and replaceable. */
  record Slot(int choice, ObjectNode owner, String field) {
    String text() {
      return owner.path(field).asText("");
    }

    void set(String value) {
      owner.put(field, value);
    }
  }

  static void forEachText(
      ObjectNode root,
      WireProtocol protocol,
      boolean firstOnly,
      java.util.function.Consumer<Slot> action) {
    if (protocol == WireProtocol.ANTHROPIC) {
      // A complete message has content blocks; a stream event a text delta.
      if (root.path("delta") instanceof ObjectNode delta && delta.path("text").isTextual()) {
        action.accept(new Slot(0, delta, "text"));
      }
      for (JsonNode block : root.path("content")) {
        if (block instanceof ObjectNode b && "text".equals(b.path("type").asText())) {
          action.accept(new Slot(0, b, "text"));
        }
      }
      return;
    }
    for (JsonNode choice : root.path("choices")) {
      int index = choice.path("index").asInt(0);
      if (firstOnly && index != 0) {
        continue;
      }
      for (String holder : new String[] {"message", "delta"}) {
        if (choice.path(holder) instanceof ObjectNode m && m.path("content").isTextual()) {
          action.accept(new Slot(index, m, "content"));
        }
      }
      if (choice instanceof ObjectNode c && c.path("text").isTextual()) {
        action.accept(new Slot(index, c, "text"));
      }
    }
  }

  static ObjectNode tree(byte[] json) {
    try {
      return (ObjectNode) Json.parse(json);
    } catch (IOException | ClassCastException e) {
      throw new UpstreamProtocol("Upstream sent JSON that does not parse: " + e.getMessage(), e);
    }
  }
}

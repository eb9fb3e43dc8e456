package dev.modelgate.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.error.UpstreamProtocol;
import dev.modelgate.model.ChatChoice;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.ChunkChoice;
import dev.modelgate.model.CompletionChoice;
import dev.modelgate.model.CompletionResponse;
import dev.modelgate.model.Message;
import dev.modelgate.model.MessageContent;
import dev.modelgate.model.MessageDelta;
import dev.modelgate.model.RelayedBody;
import dev.modelgate.model.RelayedChunk;
import dev.modelgate.model.ResponseBody;
import dev.modelgate.model.StreamItem;
import dev.modelgate.model.WireProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The assistant's text in an answer of any shape (typed, or relayed OpenAI or Anthropic JSON), read
 * and rewritten in place, so policies that check what a model said (JSON guarantee, guardrails,
 * usage estimation) need not know each wire format. Streams are read by text delta of choice 0
 * (Anthropic streams have one answer).
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

  /** The text this stream event adds to choice 0, or null when it adds none. */
  public static @Nullable String delta(StreamItem item) {
    return switch (item) {
      case ChatChunk chunk -> {
        for (ChunkChoice choice : chunk.choices()) {
          if (choice.index() == 0) {
            yield choice.delta().content();
          }
        }
        yield null;
      }
      case CompletionResponse completion ->
          completion.choices().isEmpty() ? null : completion.choices().get(0).text();
      case RelayedChunk relayed -> {
        String[] found = {null};
        forEachText(tree(relayed.data()), relayed.protocol(), true, t -> found[0] = t.text());
        yield found[0];
      }
    };
  }

  /** The event with the text it adds to choice 0 replaced by {@code text}. */
  public static StreamItem withDelta(StreamItem item, String text) {
    return switch (item) {
      case ChatChunk chunk -> {
        List<ChunkChoice> choices = new ArrayList<>();
        for (ChunkChoice c : chunk.choices()) {
          MessageDelta d = c.delta();
          choices.add(
              c.index() != 0
                  ? c
                  : new ChunkChoice(
                      0,
                      new MessageDelta(
                          d.role(),
                          text,
                          d.reasoning(),
                          d.refusal(),
                          d.toolCalls(),
                          d.extensions()),
                      c.finishReason(),
                      c.logprobs()));
        }
        yield new ChatChunk(
            chunk.id(),
            chunk.created(),
            chunk.model(),
            choices,
            chunk.usage(),
            chunk.systemFingerprint(),
            chunk.extensions());
      }
      case CompletionResponse c -> AnswerText.withFirstCompletionText(c, text);
      case RelayedChunk relayed -> {
        ObjectNode root = tree(relayed.data());
        forEachText(root, relayed.protocol(), true, t -> t.set(text));
        yield new RelayedChunk(
            relayed.protocol(),
            relayed.event(),
            Json.bytes(root),
            relayed.usage(),
            relayed.usageOnly());
      }
    };
  }

  /** Whether this event ends choice 0 (carries its finish or stop reason). */
  public static boolean ends(StreamItem item) {
    return switch (item) {
      case ChatChunk chunk ->
          chunk.choices().stream().anyMatch(c -> c.index() == 0 && c.finishReason() != null);
      case CompletionResponse c ->
          c.choices().stream().anyMatch(x -> x.index() == 0 && x.finishReason() != null);
      case RelayedChunk relayed ->
          relayed.protocol() == WireProtocol.ANTHROPIC
              ? "message_delta".equals(relayed.event())
              : finishes(tree(relayed.data()));
    };
  }

  private static boolean finishes(ObjectNode root) {
    for (JsonNode choice : root.path("choices")) {
      if (choice.path("index").asInt(0) == 0 && choice.path("finish_reason").isTextual()) {
        return true;
      }
    }
    return false;
  }

  private static CompletionResponse withFirstCompletionText(CompletionResponse c, String text) {
    List<CompletionChoice> choices = new ArrayList<>(c.choices());
    if (!choices.isEmpty()) {
      CompletionChoice first = choices.get(0);
      choices.set(
          0, new CompletionChoice(first.index(), text, first.finishReason(), first.logprobs()));
    }
    return new CompletionResponse(c.id(), c.created(), c.model(), choices, c.usage());
  }

  /** A text field found in a relayed tree, readable and replaceable. */
  private record Slot(ObjectNode owner, String field) {
    String text() {
      return owner.path(field).asText("");
    }

    void set(String value) {
      owner.put(field, value);
    }
  }

  private static void forEachText(
      ObjectNode root,
      WireProtocol protocol,
      boolean firstOnly,
      java.util.function.Consumer<Slot> action) {
    if (protocol == WireProtocol.ANTHROPIC) {
      // A complete message has content blocks; a stream event a text delta.
      if (root.path("delta") instanceof ObjectNode delta && delta.path("text").isTextual()) {
        action.accept(new Slot(delta, "text"));
      }
      for (JsonNode block : root.path("content")) {
        if (block instanceof ObjectNode b && "text".equals(b.path("type").asText())) {
          action.accept(new Slot(b, "text"));
        }
      }
      return;
    }
    for (JsonNode choice : root.path("choices")) {
      if (firstOnly && choice.path("index").asInt(0) != 0) {
        continue;
      }
      for (String holder : new String[] {"message", "delta"}) {
        if (choice.path(holder) instanceof ObjectNode m && m.path("content").isTextual()) {
          action.accept(new Slot(m, "content"));
        }
      }
      if (choice instanceof ObjectNode c && c.path("text").isTextual()) {
        action.accept(new Slot(c, "text"));
      }
    }
  }

  private static ObjectNode tree(byte[] json) {
    try {
      return (ObjectNode) Json.parse(json);
    } catch (IOException | ClassCastException e) {
      throw new UpstreamProtocol("Upstream sent JSON that does not parse: " + e.getMessage(), e);
    }
  }
}

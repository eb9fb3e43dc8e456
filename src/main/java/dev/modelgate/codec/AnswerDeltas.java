package dev.modelgate.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChunkChoice;
import dev.modelgate.model.CompletionChoice;
import dev.modelgate.model.CompletionResponse;
import dev.modelgate.model.MessageDelta;
import dev.modelgate.model.RelayedChunk;
import dev.modelgate.model.StreamItem;
import dev.modelgate.model.WireProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The assistant's text in stream events of any shape, per choice: what an event adds to each
 * choice, the event with one choice's text replaced, and which choices it ends. An Anthropic stream
 * has one answer, choice 0.
 */
public final class AnswerDeltas {
  private AnswerDeltas() {}

  /** The text this event adds, by choice index; empty when it adds none. */
  public static Map<Integer, String> of(StreamItem item) {
    Map<Integer, String> deltas = new LinkedHashMap<>();
    switch (item) {
      case ChatChunk chunk -> {
        for (ChunkChoice choice : chunk.choices()) {
          if (choice.delta().content() != null) {
            deltas.merge(choice.index(), choice.delta().content(), String::concat);
          }
        }
      }
      case CompletionResponse completion -> {
        for (CompletionChoice choice : completion.choices()) {
          deltas.merge(choice.index(), choice.text(), String::concat);
        }
      }
      case RelayedChunk relayed ->
          AnswerText.forEachText(
              AnswerText.tree(relayed.data()),
              relayed.protocol(),
              false,
              t -> deltas.merge(t.choice(), t.text(), String::concat));
    }
    return deltas;
  }

  /** The text this event adds to choice 0, or null when it adds none. */
  public static @Nullable String first(StreamItem item) {
    return of(item).get(0);
  }

  /** The text this event adds to all choices together, or null when it adds none. */
  public static @Nullable String all(StreamItem item) {
    Map<Integer, String> deltas = of(item);
    return deltas.isEmpty() ? null : String.join("", deltas.values());
  }

  /** The event with the text it adds to choice {@code index} replaced by {@code text}. */
  public static StreamItem with(StreamItem item, int index, String text) {
    return switch (item) {
      case ChatChunk chunk -> {
        List<ChunkChoice> choices = new ArrayList<>();
        for (ChunkChoice c : chunk.choices()) {
          choices.add(c.index() == index && c.delta().content() != null ? withContent(c, text) : c);
        }
        yield chunk.withChoices(choices);
      }
      case CompletionResponse c ->
          new CompletionResponse(
              c.id(),
              c.created(),
              c.model(),
              c.choices().stream()
                  .map(
                      x ->
                          x.index() == index
                              ? new CompletionChoice(
                                  x.index(), text, x.finishReason(), x.logprobs())
                              : x)
                  .toList(),
              c.usage());
      case RelayedChunk relayed -> {
        ObjectNode root = AnswerText.tree(relayed.data());
        AnswerText.forEachText(
            root,
            relayed.protocol(),
            false,
            t -> {
              if (t.choice() == index) {
                t.set(text);
              }
            });
        yield relayed(relayed, root);
      }
    };
  }

  /**
   * An event like {@code template} that carries only {@code text} for choice {@code index}: no
   * other choice, no finish, no tool call, no usage. For text held back and released later.
   */
  public static StreamItem textOnly(StreamItem template, int index, String text) {
    return switch (template) {
      case ChatChunk chunk ->
          new ChatChunk(
              chunk.id(),
              chunk.created(),
              chunk.model(),
              List.of(
                  new ChunkChoice(
                      index,
                      new MessageDelta(null, text, null, null, List.of(), null),
                      null,
                      null)),
              null,
              chunk.systemFingerprint(),
              null);
      case CompletionResponse c ->
          new CompletionResponse(
              c.id(),
              c.created(),
              c.model(),
              List.of(new CompletionChoice(index, text, null, null)),
              null);
      case RelayedChunk relayed -> {
        if (relayed.protocol() == WireProtocol.ANTHROPIC) {
          yield with(relayed, index, text); // a text delta event carries nothing else
        }
        ObjectNode root = AnswerText.tree(relayed.data());
        root.remove("usage");
        ArrayNode kept = root.arrayNode();
        for (JsonNode choice : root.path("choices")) {
          if (choice.path("index").asInt(0) == index && choice instanceof ObjectNode c) {
            c.putNull("finish_reason");
            c.remove("logprobs");
            if (c.has("text")) {
              c.put("text", text);
            } else {
              c.putObject("delta").put("content", text);
            }
            kept.add(c);
          }
        }
        root.set("choices", kept);
        yield new RelayedChunk(relayed.protocol(), relayed.event(), Json.bytes(root), null, false);
      }
    };
  }

  /** The choices this event ends (carries their finish or stop reason). */
  public static Set<Integer> ended(StreamItem item) {
    Set<Integer> ended = new TreeSet<>();
    switch (item) {
      case ChatChunk chunk ->
          chunk.choices().stream()
              .filter(c -> c.finishReason() != null)
              .forEach(c -> ended.add(c.index()));
      case CompletionResponse c ->
          c.choices().stream()
              .filter(x -> x.finishReason() != null)
              .forEach(x -> ended.add(x.index()));
      case RelayedChunk relayed -> {
        if (relayed.protocol() == WireProtocol.ANTHROPIC) {
          if ("message_delta".equals(relayed.event())) {
            ended.add(0);
          }
        } else {
          for (JsonNode choice : AnswerText.tree(relayed.data()).path("choices")) {
            if (choice.path("finish_reason").isTextual()) {
              ended.add(choice.path("index").asInt(0));
            }
          }
        }
      }
    }
    return ended;
  }

  private static ChunkChoice withContent(ChunkChoice c, String text) {
    MessageDelta d = c.delta();
    return new ChunkChoice(
        c.index(),
        new MessageDelta(d.role(), text, d.reasoning(), d.refusal(), d.toolCalls(), d.extensions()),
        c.finishReason(),
        c.logprobs());
  }

  private static RelayedChunk relayed(RelayedChunk like, ObjectNode root) {
    return new RelayedChunk(
        like.protocol(), like.event(), Json.bytes(root), like.usage(), like.usageOnly());
  }
}

package dev.modelgate.policy.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.ChunkChoice;
import dev.modelgate.model.CompletionChoice;
import dev.modelgate.model.CompletionResponse;
import dev.modelgate.model.EmbeddingResponse;
import dev.modelgate.model.RelayedBody;
import dev.modelgate.model.RelayedChunk;
import dev.modelgate.model.RerankResponse;
import dev.modelgate.model.ResponseBody;
import dev.modelgate.model.StreamItem;
import dev.modelgate.model.Usage;
import dev.modelgate.model.WireProtocol;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An answer kept for comparison: a complete body, or the items of a stream. Its text is read only
 * when compared, on the shadow's thread, so the client's path just keeps references.
 */
record Answer(@Nullable ResponseBody body, List<StreamItem> items) {
  Answer {
    items = List.copyOf(items);
  }

  static Answer of(ResponseBody body) {
    return new Answer(body, List.of());
  }

  static Answer of(List<StreamItem> items) {
    return new Answer(null, items);
  }

  /** Token counts: the body's, or the last a stream item carried. */
  @Nullable Usage usage() {
    if (body != null) {
      return body.usage();
    }
    Usage last = null;
    for (StreamItem item : items) {
      if (item.usage() != null) {
        last = item.usage();
      }
    }
    return last;
  }

  /** Whether the answer has text to compare (embeddings have none). */
  boolean comparable() {
    return !(body instanceof EmbeddingResponse);
  }

  /** The answer's text, choices joined. */
  String text() {
    StringBuilder out = new StringBuilder();
    if (body != null) {
      bodyText(body, out);
    }
    for (StreamItem item : items) {
      itemText(item, out);
    }
    return out.toString();
  }

  private static void bodyText(ResponseBody body, StringBuilder out) {
    switch (body) {
      case ChatResponse chat -> chat.choices().forEach(c -> out.append(c.message().text()));
      case CompletionResponse completion -> completionText(completion, out);
      case EmbeddingResponse embedding -> {}
      case RerankResponse rerank -> {}
      case RelayedBody relayed -> relayedText(relayed.protocol(), relayed.json(), out);
    }
  }

  private static void itemText(StreamItem item, StringBuilder out) {
    switch (item) {
      case ChatChunk chunk -> {
        for (ChunkChoice choice : chunk.choices()) {
          appendIfText(out, choice.delta().content());
        }
      }
      case CompletionResponse completion -> completionText(completion, out);
      case RelayedChunk relayed -> relayedText(relayed.protocol(), relayed.data(), out);
    }
  }

  private static void completionText(CompletionResponse completion, StringBuilder out) {
    for (CompletionChoice choice : completion.choices()) {
      out.append(choice.text());
    }
  }

  /**
   * Text in a relayed body or event: OpenAI's {@code choices[].message.content}, {@code
   * choices[].delta.content} or {@code choices[].text}; Anthropic's {@code content[].text} or an
   * event's {@code delta.text}.
   */
  private static void relayedText(WireProtocol protocol, byte[] json, StringBuilder out) {
    JsonNode node;
    try {
      node = Json.parse(json);
    } catch (IOException e) {
      return; // an unreadable event adds no text; the comparison stays meaningful without it
    }
    if (protocol == WireProtocol.ANTHROPIC) {
      node.path("content").forEach(block -> appendIfText(out, block.path("text").textValue()));
      appendIfText(out, node.path("delta").path("text").textValue());
      return;
    }
    for (JsonNode choice : node.path("choices")) {
      appendIfText(out, choice.path("message").path("content").textValue());
      appendIfText(out, choice.path("delta").path("content").textValue());
      appendIfText(out, choice.path("text").textValue());
    }
  }

  private static void appendIfText(StringBuilder out, @Nullable String text) {
    if (text != null) {
      out.append(text);
    }
  }
}

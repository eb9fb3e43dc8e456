package dev.modelgate.policy.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.AnswerDeltas;
import dev.modelgate.codec.Json;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChunkChoice;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.MessageDelta;
import dev.modelgate.model.RelayedChunk;
import dev.modelgate.model.StreamItem;
import dev.modelgate.model.WireProtocol;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Output guardrails on a stream. Each choice's text is checked on a sliding window of its own: each
 * delta is joined to the held-back tail of that choice's previous ones and scanned whole, then all
 * but the last {@code window} characters are released (masked), so a match split across chunks is
 * still seen, in every choice of an {@code n > 1} request. The tails are released with the next
 * event that carries no text (a finish, a tool call, a block's end) or at the end; a choice's tail
 * is released at once with the event that finishes it. A block ends the stream at once with a
 * content-filter finish: {@code finish_reason: "content_filter"} for every choice of OpenAI
 * clients, {@code stop_reason: "refusal"} for Anthropic ones.
 */
final class GuardedStream implements ChunkStream {
  private static final Logger LOG = Logger.getLogger(GuardedStream.class.getName());

  private final ChunkStream upstream;
  private final GuardrailScan scan;
  private final String requestId;
  private final Deque<StreamItem> ready = new ArrayDeque<>();
  private final Map<Integer, Held> held = new TreeMap<>();
  private @Nullable StreamItem lastItem;
  private boolean ended;

  /** A choice's text not yet released, and the last event that carried its text. */
  private static final class Held {
    String text = "";
    @Nullable StreamItem template;
  }

  GuardedStream(ChunkStream upstream, GuardrailScan scan, String requestId) {
    this.upstream = upstream;
    this.scan = scan;
    this.requestId = requestId;
  }

  @Override
  public @Nullable StreamItem next() {
    while (ready.isEmpty()) {
      if (ended) {
        return null;
      }
      StreamItem item = upstream.next();
      if (item == null) {
        ended = true;
        flush();
      } else {
        accept(item);
      }
    }
    return ready.poll();
  }

  private void accept(StreamItem item) {
    lastItem = item;
    Map<Integer, String> deltas = AnswerDeltas.of(item);
    if (deltas.isEmpty()) {
      flush();
      if (!ended) {
        ready.add(item);
      }
      return;
    }
    Map<Integer, String> windows = new TreeMap<>();
    for (Map.Entry<Integer, String> delta : deltas.entrySet()) {
      Held choice = held.computeIfAbsent(delta.getKey(), index -> new Held());
      String window = choice.text + delta.getValue();
      if (blocks(window)) {
        return;
      }
      windows.put(delta.getKey(), window);
    }
    Set<Integer> finishing = AnswerDeltas.ended(item);
    StreamItem out = item;
    for (Map.Entry<Integer, String> entry : windows.entrySet()) {
      Held choice = held.computeIfAbsent(entry.getKey(), index -> new Held());
      String window = entry.getValue();
      List<PiiScanner.Found> found = scan.maskable(window);
      int cut =
          finishing.contains(entry.getKey())
              ? window.length()
              : Math.max(0, window.length() - scan.rules().window());
      for (PiiScanner.Found f : found) {
        if (f.start() < cut && f.end() > cut) {
          cut = f.end(); // never release half of a value to mask
        }
      }
      choice.text = window.substring(cut);
      choice.template = item;
      out = AnswerDeltas.with(out, entry.getKey(), PiiScanner.mask(window, found, cut));
    }
    ready.add(out);
  }

  /** Releases every choice's held-back tail, checked and masked, as one more text event each. */
  private void flush() {
    for (Map.Entry<Integer, Held> entry : held.entrySet()) {
      Held choice = entry.getValue();
      StreamItem template = choice.template;
      if (choice.text.isEmpty() || template == null) {
        continue;
      }
      String tail = choice.text;
      choice.text = "";
      ready.add(AnswerDeltas.textOnly(template, entry.getKey(), scan.masked(tail)));
    }
  }

  private boolean blocks(String text) {
    String reason = scan.blockReason(text);
    if (reason == null) {
      return false;
    }
    LOG.info(() -> "request " + requestId + " guardrail ended the stream: " + reason);
    ended = true;
    upstream.close();
    ready.addAll(contentFilterEnd());
    held.clear();
    return true;
  }

  /** The events that end the stream with a content-filter finish, in the stream's own shape. */
  private List<StreamItem> contentFilterEnd() {
    StreamItem last = lastItem;
    Set<Integer> choices = new TreeSet<>(held.keySet());
    choices.add(0);
    if (last instanceof RelayedChunk relayed && relayed.protocol() == WireProtocol.ANTHROPIC) {
      int index = index(relayed);
      return List.of(
          anthropic(
              "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}"),
          anthropic(
              "message_delta",
              "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"refusal\","
                  + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":0}}"),
          anthropic("message_stop", "{\"type\":\"message_stop\"}"));
    }
    String id = requestId;
    long created = 0;
    String model = "";
    if (last instanceof ChatChunk chunk) {
      id = chunk.id();
      created = chunk.created();
      model = chunk.model();
    } else if (last instanceof RelayedChunk relayed) {
      JsonNode root = tree(relayed);
      id = root.path("id").asText(id);
      created = root.path("created").asLong(0);
      model = root.path("model").asText("");
    }
    List<ChunkChoice> finishes = new ArrayList<>();
    for (int index : choices) {
      finishes.add(
          new ChunkChoice(
              index,
              new MessageDelta(null, null, null, null, List.of(), null),
              FinishReason.CONTENT_FILTER,
              null));
    }
    return List.of(new ChatChunk(id, created, model, finishes, null, null, null));
  }

  private static int index(RelayedChunk chunk) {
    return tree(chunk).path("index").asInt(0);
  }

  private static JsonNode tree(RelayedChunk chunk) {
    try {
      return Json.parse(chunk.data());
    } catch (IOException e) {
      return Json.object();
    }
  }

  private static StreamItem anthropic(String event, String json) {
    return new RelayedChunk(
        WireProtocol.ANTHROPIC,
        event,
        json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        null,
        false);
  }

  @Override
  public void close() {
    upstream.close();
  }
}

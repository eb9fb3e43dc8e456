package dev.modelgate.policy.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.AnswerText;
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
import java.util.Deque;
import java.util.List;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Output guardrails on a stream. The answer's text is checked on a sliding window: each delta is
 * joined to the held-back tail of the previous ones and scanned whole, then all but the last {@code
 * window} characters are released (masked), so a match split across chunks is still seen. The tail
 * is released with the next event that carries no text (a finish, a block's end) or at the end. A
 * block ends the stream at once with a content-filter finish: {@code finish_reason:
 * "content_filter"} for OpenAI clients, {@code stop_reason: "refusal"} for Anthropic ones.
 */
final class GuardedStream implements ChunkStream {
  private static final Logger LOG = Logger.getLogger(GuardedStream.class.getName());

  private final ChunkStream upstream;
  private final GuardrailScan scan;
  private final String requestId;
  private final Deque<StreamItem> ready = new ArrayDeque<>();
  private String held = "";
  private @Nullable StreamItem lastText;
  private @Nullable StreamItem lastItem;
  private boolean ended;

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
    String delta = AnswerText.delta(item);
    if (delta == null) {
      flush();
      if (!ended) {
        ready.add(item);
      }
      return;
    }
    lastText = item;
    String window = held + delta;
    if (blocks(window)) {
      return;
    }
    List<PiiScanner.Found> found = scan.maskable(window);
    int cut = Math.max(0, window.length() - scan.rules().window());
    for (PiiScanner.Found f : found) {
      if (f.start() < cut && f.end() > cut) {
        cut = f.end(); // never release half of a value to mask
      }
    }
    held = window.substring(cut);
    ready.add(AnswerText.withDelta(item, PiiScanner.mask(window, found, cut)));
  }

  /** Releases the held-back tail, checked and masked, as one more text event. */
  private void flush() {
    StreamItem template = lastText;
    if (held.isEmpty() || template == null) {
      return;
    }
    String tail = held;
    held = "";
    ready.add(AnswerText.withDelta(template, scan.masked(tail)));
  }

  private boolean blocks(String text) {
    String reason = scan.blockReason(text);
    if (reason == null) {
      return false;
    }
    LOG.info(() -> "request " + requestId + " guardrail ended the stream: " + reason);
    held = "";
    ended = true;
    upstream.close();
    ready.addAll(contentFilterEnd());
    return true;
  }

  /** The events that end the stream with a content-filter finish, in the stream's own shape. */
  private List<StreamItem> contentFilterEnd() {
    StreamItem last = lastItem;
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
    return List.of(
        new ChatChunk(
            id,
            created,
            model,
            List.of(
                new ChunkChoice(
                    0,
                    new MessageDelta(null, null, null, null, List.of(), null),
                    FinishReason.CONTENT_FILTER,
                    null)),
            null,
            null,
            null));
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

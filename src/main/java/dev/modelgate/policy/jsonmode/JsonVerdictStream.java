package dev.modelgate.policy.jsonmode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.AnswerDeltas;
import dev.modelgate.codec.Json;
import dev.modelgate.error.UpstreamProtocol;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.RelayedChunk;
import dev.modelgate.model.StreamItem;
import dev.modelgate.model.WireProtocol;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * A JSON-format stream, passed through as it arrives and checked as each choice finishes: the
 * finishing chunk gets a top-level {@code modelgate_json} object, {@code {"index": <choice>,
 * "verdict": "valid"|"repaired"|"invalid", "value": <the repaired JSON, when repaired>, "errors":
 * [...]}}. OpenAI's SDKs keep unknown fields of a chunk, so clients read it without breaking. A
 * choice that ends without a finish, or a second choice finishing in the same chunk ({@code n >
 * 1}), gets its verdict in one more chunk with empty choices.
 *
 * <p>On Anthropic's API the verdict rides in the {@code message_delta} event, Claude's own when its
 * stream is relayed (Anthropic's SDKs keep unknown fields of an event too). A relayed Claude stream
 * that ends without one gets no event added: the front door would read a chunk after it as another
 * target's continuation and close the message as if it had finished; the verdict is logged.
 */
final class JsonVerdictStream implements ChunkStream {
  static final String FIELD = ChatChunk.JSON_VERDICT;
  private static final Logger LOG = Logger.getLogger(JsonVerdictStream.class.getName());

  private final ChunkStream upstream;
  private final JsonExpectation expected;
  private final String requestId;
  // Each choice's text so far; a choice leaves the map when it is judged.
  private final Map<Integer, StringBuilder> open = new TreeMap<>();
  private final Set<Integer> judged = new HashSet<>();
  private final Deque<StreamItem> pending = new ArrayDeque<>();
  private boolean ended;
  private @Nullable StreamItem last;

  JsonVerdictStream(ChunkStream upstream, JsonExpectation expected, String requestId) {
    this.upstream = upstream;
    this.expected = expected;
    this.requestId = requestId;
  }

  @Override
  public @Nullable StreamItem next() {
    if (!pending.isEmpty()) {
      return pending.poll();
    }
    if (ended) {
      return null;
    }
    StreamItem item = upstream.next();
    if (item == null) {
      ended = true;
      if (open.isEmpty() && judged.isEmpty()) {
        open.put(0, new StringBuilder()); // nothing came: choice 0 is judged on no text
      }
      for (int index : List.copyOf(open.keySet())) {
        ObjectNode verdict = verdict(index);
        if (!(last instanceof RelayedChunk r && r.protocol() == WireProtocol.ANTHROPIC)) {
          pending.add(verdictOnly(verdict));
        }
      }
      return pending.poll();
    }
    last = item;
    AnswerDeltas.of(item)
        .forEach(
            (index, delta) -> {
              if (!judged.contains(index)) { // text after a choice's finish is not judged again
                open.computeIfAbsent(index, i -> new StringBuilder()).append(delta);
              }
            });
    StreamItem out = item;
    boolean first = true;
    for (int index : AnswerDeltas.ended(item)) {
      if (judged.contains(index)) {
        continue; // a repeated finish is not judged twice
      }
      ObjectNode verdict = verdict(index);
      if (first) {
        out = withVerdict(item, verdict);
        first = false;
      } else {
        pending.add(verdictOnly(verdict));
      }
    }
    return out;
  }

  /** A chunk with no choices that carries {@code verdict}, with the stream's id and model. */
  private ChatChunk verdictOnly(ObjectNode verdict) {
    JsonNode base =
        switch (last) {
          case ChatChunk c ->
              Json.object().put("id", c.id()).put("created", c.created()).put("model", c.model());
          case RelayedChunk r -> parsed(r.data());
          case null, default -> Json.object();
        };
    return new ChatChunk(
        base.path("id").asText(requestId),
        base.path("created").asLong(0),
        base.path("model").asText(""),
        List.of(),
        null,
        null,
        verdict);
  }

  private static JsonNode parsed(byte[] json) {
    try {
      return Json.parse(json);
    } catch (IOException e) {
      return Json.object(); // a chunk that does not parse was refused upstream of here
    }
  }

  /** Choice {@code index}'s verdict on its text, as the chunk extension; judged once. */
  private ObjectNode verdict(int index) {
    StringBuilder text = open.remove(index);
    judged.add(index);
    JsonCheck check = JsonCheck.of(text == null ? "" : text.toString(), expected);
    ObjectNode extension = Json.object();
    ObjectNode verdict = extension.putObject(FIELD).put("index", index);
    JsonVerdict outcome =
        !check.valid()
            ? JsonVerdict.INVALID
            : check.repaired() ? JsonVerdict.REPAIRED : JsonVerdict.NATIVE;
    verdict.put("verdict", outcome == JsonVerdict.NATIVE ? "valid" : outcome.wire());
    JsonNode value = check.value();
    if (check.repaired() && value != null) {
      verdict.set("value", value);
    }
    check.problems().forEach(verdict.putArray("errors")::add);
    LOG.info(
        () ->
            "request "
                + requestId
                + " json stream choice "
                + index
                + " verdict="
                + verdict.get("verdict"));
    return extension;
  }

  private static StreamItem withVerdict(StreamItem item, ObjectNode extension) {
    return switch (item) {
      case ChatChunk c -> {
        ObjectNode merged = c.extensions() == null ? Json.object() : c.extensions().deepCopy();
        merged.setAll(extension);
        yield new ChatChunk(
            c.id(), c.created(), c.model(), c.choices(), c.usage(), c.systemFingerprint(), merged);
      }
      case RelayedChunk r -> {
        try {
          ObjectNode root = (ObjectNode) Json.parse(r.data());
          root.setAll(extension);
          yield new RelayedChunk(
              r.protocol(), r.event(), Json.bytes(root), r.usage(), r.usageOnly());
        } catch (IOException | ClassCastException e) {
          throw new UpstreamProtocol("Upstream sent a chunk that does not parse", e);
        }
      }
      default -> item;
    };
  }

  @Override
  public void close() {
    upstream.close();
  }
}

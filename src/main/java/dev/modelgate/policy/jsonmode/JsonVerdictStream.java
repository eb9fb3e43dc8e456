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
import java.io.IOException;
import java.util.List;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * A JSON-format stream, passed through as it arrives and checked when choice 0 finishes: the
 * finishing chunk gets a top-level {@code modelgate_json} object, {@code {"verdict":
 * "valid"|"repaired"|"invalid", "value": <the repaired JSON, when repaired>, "errors": [...]}}.
 * OpenAI's SDKs keep unknown fields of a chunk, so clients read it without breaking. A stream that
 * ends without a finish gets the verdict in one more chunk with empty choices.
 */
final class JsonVerdictStream implements ChunkStream {
  static final String FIELD = "modelgate_json";
  private static final Logger LOG = Logger.getLogger(JsonVerdictStream.class.getName());

  private final ChunkStream upstream;
  private final JsonExpectation expected;
  private final String requestId;
  private final StringBuilder text = new StringBuilder();
  private boolean judged;
  private @Nullable ChatChunk lastTyped;

  JsonVerdictStream(ChunkStream upstream, JsonExpectation expected, String requestId) {
    this.upstream = upstream;
    this.expected = expected;
    this.requestId = requestId;
  }

  @Override
  public @Nullable StreamItem next() {
    StreamItem item = upstream.next();
    if (item == null) {
      if (judged) {
        return null;
      }
      judged = true;
      ChatChunk base = lastTyped;
      return new ChatChunk(
          base == null ? requestId : base.id(),
          base == null ? 0 : base.created(),
          base == null ? "" : base.model(),
          List.of(),
          null,
          null,
          verdict());
    }
    if (item instanceof ChatChunk chunk) {
      lastTyped = chunk;
    }
    if (judged) {
      return item;
    }
    String delta = AnswerDeltas.first(item);
    if (delta != null) {
      text.append(delta);
    }
    if (!AnswerDeltas.ended(item).contains(0)) {
      return item;
    }
    judged = true;
    return withVerdict(item, verdict());
  }

  private ObjectNode verdict() {
    JsonCheck check = JsonCheck.of(text.toString(), expected);
    ObjectNode extension = Json.object();
    ObjectNode verdict = extension.putObject(FIELD);
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
    LOG.info(() -> "request " + requestId + " json stream verdict=" + verdict.get("verdict"));
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

package dev.modelgate.usage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.store.UsageRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A usage record as JSON, the one shape the spool and the admin API share: snake_case fields, the
 * time as ISO-8601, the cost as an exact decimal string.
 */
public final class UsageRecordJson {
  private UsageRecordJson() {}

  /** The record's JSON bytes, written field by field (no tree: this runs once per call). */
  public static byte[] bytes(UsageRecord r) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(512);
        JsonGenerator g = Json.factory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("id", r.id());
      g.writeStringField("request_id", r.requestId());
      g.writeStringField("at", r.at().toString());
      text(g, "key_id", r.keyId());
      text(g, "key_name", r.keyName());
      text(g, "team", r.team());
      text(g, "user", r.user());
      text(g, "model", r.model());
      text(g, "target", r.target());
      text(g, "provider", r.provider());
      g.writeStringField("operation", r.operation());
      g.writeBooleanField("stream", r.stream());
      g.writeNumberField("prompt_tokens", r.promptTokens());
      g.writeNumberField("completion_tokens", r.completionTokens());
      g.writeNumberField("cached_tokens", r.cachedTokens());
      g.writeStringField("cost", r.cost().toPlainString());
      text(g, "currency", r.currency());
      g.writeNumberField("latency_ms", r.latencyMillis());
      g.writeNumberField("ttft_ms", r.ttftMillis());
      g.writeNumberField("status", r.status());
      text(g, "error_type", r.errorType());
      text(g, "fallback", r.fallback());
      g.writeBooleanField("cache_hit", r.cacheHit());
      g.writeBooleanField("estimated", r.estimated());
      g.writeEndObject();
      g.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a usage record as JSON", e);
    }
  }

  /** The record as a JSON object (the admin API's lists). */
  public static ObjectNode tree(UsageRecord r) {
    try {
      return (ObjectNode) Json.parse(bytes(r));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read back a usage record's JSON", e);
    }
  }

  /** The record as one line of JSON (the CLI's export). */
  public static String line(UsageRecord r) {
    return new String(bytes(r), StandardCharsets.UTF_8);
  }

  private static void text(JsonGenerator g, String field, @Nullable String value)
      throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, value);
    }
  }

  static UsageRecord read(JsonNode n) {
    return new UsageRecord(
        n.path("id").asText(),
        n.path("request_id").asText(),
        Instant.parse(n.path("at").asText()),
        text(n, "key_id"),
        text(n, "key_name"),
        text(n, "team"),
        text(n, "user"),
        text(n, "model"),
        text(n, "target"),
        text(n, "provider"),
        n.path("operation").asText(),
        n.path("stream").asBoolean(),
        n.path("prompt_tokens").asLong(),
        n.path("completion_tokens").asLong(),
        n.path("cached_tokens").asLong(),
        new BigDecimal(n.path("cost").asText("0")),
        text(n, "currency"),
        n.path("latency_ms").asLong(),
        n.path("ttft_ms").asLong(),
        n.path("status").asInt(),
        text(n, "error_type"),
        text(n, "fallback"),
        n.path("cache_hit").asBoolean(),
        n.path("estimated").asBoolean());
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}

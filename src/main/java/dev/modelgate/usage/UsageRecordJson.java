package dev.modelgate.usage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
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
  // Field names encoded once (writing a String name escapes and encodes it on every call).
  private static final SerializedString ID = new SerializedString("id");
  private static final SerializedString REQUEST_ID = new SerializedString("request_id");
  private static final SerializedString AT = new SerializedString("at");
  private static final SerializedString KEY_ID = new SerializedString("key_id");
  private static final SerializedString KEY_NAME = new SerializedString("key_name");
  private static final SerializedString TEAM = new SerializedString("team");
  private static final SerializedString USER = new SerializedString("user");
  private static final SerializedString MODEL = new SerializedString("model");
  private static final SerializedString TARGET = new SerializedString("target");
  private static final SerializedString PROVIDER = new SerializedString("provider");
  private static final SerializedString OPERATION = new SerializedString("operation");
  private static final SerializedString STREAM = new SerializedString("stream");
  private static final SerializedString PROMPT_TOKENS = new SerializedString("prompt_tokens");
  private static final SerializedString COMPLETION_TOKENS =
      new SerializedString("completion_tokens");
  private static final SerializedString CACHED_TOKENS = new SerializedString("cached_tokens");
  private static final SerializedString COST = new SerializedString("cost");
  private static final SerializedString CURRENCY = new SerializedString("currency");
  private static final SerializedString LATENCY_MS = new SerializedString("latency_ms");
  private static final SerializedString TTFT_MS = new SerializedString("ttft_ms");
  private static final SerializedString STATUS = new SerializedString("status");
  private static final SerializedString ERROR_TYPE = new SerializedString("error_type");
  private static final SerializedString FALLBACK = new SerializedString("fallback");
  private static final SerializedString CACHE_HIT = new SerializedString("cache_hit");
  private static final SerializedString ESTIMATED = new SerializedString("estimated");

  private UsageRecordJson() {}

  /** The record's JSON bytes, written field by field (no tree: this runs once per call). */
  public static byte[] bytes(UsageRecord r) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(512);
        JsonGenerator g = Json.factory().createGenerator(out)) {
      g.writeStartObject();
      string(g, ID, r.id());
      string(g, REQUEST_ID, r.requestId());
      string(g, AT, r.at().toString());
      text(g, KEY_ID, r.keyId());
      text(g, KEY_NAME, r.keyName());
      text(g, TEAM, r.team());
      text(g, USER, r.user());
      text(g, MODEL, r.model());
      text(g, TARGET, r.target());
      text(g, PROVIDER, r.provider());
      string(g, OPERATION, r.operation());
      bool(g, STREAM, r.stream());
      number(g, PROMPT_TOKENS, r.promptTokens());
      number(g, COMPLETION_TOKENS, r.completionTokens());
      number(g, CACHED_TOKENS, r.cachedTokens());
      string(g, COST, r.cost().toPlainString());
      text(g, CURRENCY, r.currency());
      number(g, LATENCY_MS, r.latencyMillis());
      number(g, TTFT_MS, r.ttftMillis());
      number(g, STATUS, r.status());
      text(g, ERROR_TYPE, r.errorType());
      text(g, FALLBACK, r.fallback());
      bool(g, CACHE_HIT, r.cacheHit());
      bool(g, ESTIMATED, r.estimated());
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

  private static void text(JsonGenerator g, SerializedString field, @Nullable String value)
      throws IOException {
    g.writeFieldName(field);
    if (value == null) {
      g.writeNull();
    } else {
      g.writeString(value);
    }
  }

  private static void string(JsonGenerator g, SerializedString field, String value)
      throws IOException {
    g.writeFieldName(field);
    g.writeString(value);
  }

  private static void number(JsonGenerator g, SerializedString field, long value)
      throws IOException {
    g.writeFieldName(field);
    g.writeNumber(value);
  }

  private static void bool(JsonGenerator g, SerializedString field, boolean value)
      throws IOException {
    g.writeFieldName(field);
    g.writeBoolean(value);
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

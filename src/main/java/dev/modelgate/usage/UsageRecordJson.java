package dev.modelgate.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.store.UsageRecord;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A usage record as JSON, the one shape the spool and the admin API share: snake_case fields, the
 * time as ISO-8601, the cost as an exact decimal string.
 */
public final class UsageRecordJson {
  private UsageRecordJson() {}

  public static ObjectNode write(UsageRecord r) {
    ObjectNode node = Json.object();
    node.put("id", r.id()).put("request_id", r.requestId()).put("at", r.at().toString());
    node.put("key_id", r.keyId()).put("key_name", r.keyName());
    node.put("team", r.team()).put("user", r.user());
    node.put("model", r.model()).put("target", r.target()).put("provider", r.provider());
    node.put("operation", r.operation()).put("stream", r.stream());
    node.put("prompt_tokens", r.promptTokens()).put("completion_tokens", r.completionTokens());
    node.put("cached_tokens", r.cachedTokens());
    node.put("cost", r.cost().toPlainString()).put("currency", r.currency());
    node.put("latency_ms", r.latencyMillis()).put("ttft_ms", r.ttftMillis());
    node.put("status", r.status()).put("error_type", r.errorType());
    node.put("fallback", r.fallback()).put("cache_hit", r.cacheHit());
    node.put("estimated", r.estimated());
    return node;
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

package dev.modelgate.policy.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.chain.Call;
import dev.modelgate.codec.Json;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.InboundRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The cache key of a call: a hash of the normalized request (fields in sorted order, nulls and the
 * fields that cannot change the answer left out), the protocol, the operation, whether it streams,
 * and the scope's owner. Every other field counts, so a parameter the gateway does not know still
 * tells two requests apart.
 */
public final class CacheKeys {
  /** Request fields that change how or to whom an answer is delivered, not what it says. */
  static final Set<String> IGNORED =
      Set.of(
          "stream",
          "stream_options",
          "user",
          "metadata",
          "store",
          "service_tier",
          "prompt_cache_key",
          "safety_identifier");

  private CacheKeys() {}

  public static String of(Call call, CacheScope scope) {
    return of(call, scope, call.request().stream());
  }

  /** The key of the same request asked for as a stream or not. */
  public static String of(Call call, CacheScope scope, boolean stream) {
    InboundRequest request = call.request();
    JsonNode body;
    try {
      body = Json.parse(request.body());
    } catch (IOException e) {
      throw new InvalidRequest("The request body is not valid JSON.", null, "invalid_json");
    }
    ObjectNode normalized = Json.object();
    if (body instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : sortedFields(object).entrySet()) {
        if (!IGNORED.contains(field.getKey()) && !field.getValue().isNull()) {
          normalized.set(field.getKey(), sorted(field.getValue()));
        }
      }
    }
    String owner =
        switch (scope) {
          case KEY -> "key:" + call.principal().keyId();
          case TEAM -> "team:" + call.principal().name();
          case GLOBAL -> "global";
        };
    String head = request.protocol() + "\n" + request.operation() + "\n" + stream + "\n" + owner;
    return sha256(head, Json.bytes(normalized));
  }

  private static JsonNode sorted(JsonNode node) {
    if (node instanceof ObjectNode object) {
      ObjectNode out = Json.object();
      sortedFields(object).forEach((name, value) -> out.set(name, sorted(value)));
      return out;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode out = Json.MAPPER.createArrayNode();
      array.forEach(item -> out.add(sorted(item)));
      return out;
    }
    return node;
  }

  private static Map<String, JsonNode> sortedFields(ObjectNode object) {
    Map<String, JsonNode> fields = new TreeMap<>();
    object.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
    return fields;
  }

  private static String sha256(String head, byte[] body) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(head.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(body);
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}

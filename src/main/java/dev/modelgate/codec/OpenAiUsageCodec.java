package dev.modelgate.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.model.Usage;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** OpenAI's {@code usage} object to and from {@link Usage}; detail objects are kept whole. */
public final class OpenAiUsageCodec {
  private static final Set<String> KNOWN =
      Set.of("prompt_tokens", "completion_tokens", "total_tokens", "estimated");

  private OpenAiUsageCodec() {}

  public static @Nullable Usage decode(@Nullable JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    long prompt = node.path("prompt_tokens").asLong(0);
    long completion = node.path("completion_tokens").asLong(0);
    long total =
        node.has("total_tokens") ? node.path("total_tokens").asLong() : prompt + completion;
    Long cached = Json.longValue(node.path("prompt_tokens_details"), "cached_tokens");
    Long reasoning = Json.longValue(node.path("completion_tokens_details"), "reasoning_tokens");
    boolean estimated = node.path("estimated").asBoolean(false);
    return new Usage(
        prompt, completion, total, cached, reasoning, estimated, Json.rest(node, KNOWN));
  }

  public static ObjectNode encode(Usage usage) {
    ObjectNode node = Json.object();
    node.put("prompt_tokens", usage.promptTokens());
    node.put("completion_tokens", usage.completionTokens());
    node.put("total_tokens", usage.totalTokens());
    ObjectNode extensions = usage.extensions();
    if (usage.cachedTokens() != null
        && (extensions == null || !extensions.has("prompt_tokens_details"))) {
      node.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedTokens());
    }
    if (usage.reasoningTokens() != null
        && (extensions == null || !extensions.has("completion_tokens_details"))) {
      node.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
    }
    Json.merge(node, extensions);
    if (usage.estimated()) {
      node.put("estimated", true); // counted by the gateway: the upstream reported none
    }
    return node;
  }
}

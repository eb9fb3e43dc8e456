package dev.modelgate.provider.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.CompletionRequest;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a prompt-only generation server needs of a chat or completion request: the output limit, the
 * usual sampling fields, and the client's other fields. Such servers make one choice from one
 * prompt, so {@code n > 1} and several prompts are refused up front.
 */
public record Sampling(
    @Nullable Integer maxTokens,
    @Nullable Double temperature,
    @Nullable Double topP,
    List<String> stop,
    @Nullable ObjectNode extensions) {

  public Sampling {
    stop = List.copyOf(stop);
  }

  public static Sampling of(ChatRequest request, String server) {
    if (request.n() != null && request.n() > 1) {
      throw new InvalidRequest(server + " makes one choice per request", "n");
    }
    return new Sampling(
        request.outputLimit(),
        request.temperature(),
        request.topP(),
        request.stop(),
        request.extensions());
  }

  /** A completion request's sampling fields, which ride in its extensions. */
  public static Sampling of(CompletionRequest request, String server) {
    if (request.prompts().size() != 1) {
      throw new InvalidRequest(server + " takes one prompt per request", "prompt");
    }
    ObjectNode extensions = request.extensions();
    JsonNode ext = extensions == null ? Json.object() : extensions;
    List<String> stop = new ArrayList<>();
    if (ext.path("stop").isTextual()) {
      stop.add(ext.path("stop").asText());
    }
    ext.path("stop").forEach(s -> stop.add(s.asText()));
    return new Sampling(
        request.maxTokens(),
        Json.decimal(ext, "temperature"),
        Json.decimal(ext, "top_p"),
        stop,
        extensions);
  }

  /**
   * The client's {@code top_k} (an Anthropic field, or an OpenAI client's extension), for servers
   * that take one; null if it sent none.
   */
  public static @Nullable Integer topK(ChatRequest request) {
    ObjectNode extensions = request.extensions();
    JsonNode topK = extensions == null ? null : extensions.get("top_k");
    return topK != null && topK.isIntegralNumber() && topK.canConvertToInt() ? topK.asInt() : null;
  }

  /** A field of the client's request beside OpenAI's ({@code top_k}, {@code seed}...), or null. */
  public @Nullable JsonNode extension(String field) {
    return extensions != null && extensions.hasNonNull(field) ? extensions.get(field) : null;
  }
}

package dev.modelgate.provider.triton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.CompletionRequest;
import dev.modelgate.provider.common.ChatTemplate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Canonical requests as a generate-extension body, named by a {@link TritonLayout}. */
final class TritonRequests {
  /** The body and the prompt it carries (for prompt echoes and estimated usage). */
  record Generation(ObjectNode body, String prompt) {}

  private TritonRequests() {}

  static Generation chat(ChatRequest request, ChatTemplate template, TritonLayout layout) {
    if (request.n() != null && request.n() > 1) {
      throw new InvalidRequest("Triton's generate API makes one choice per request", "n");
    }
    String prompt = template.render(request.messages());
    Sampling sampling =
        new Sampling(
            request.outputLimit(),
            request.temperature(),
            request.topP(),
            request.stop(),
            request.extensions());
    return new Generation(body(prompt, request.stream(), sampling, layout), prompt);
  }

  static Generation completion(CompletionRequest request, TritonLayout layout) {
    if (request.prompts().size() != 1) {
      throw new InvalidRequest("Triton's generate API takes one prompt per request", "prompt");
    }
    ObjectNode extensions = request.extensions();
    JsonNode ext = extensions == null ? Json.object() : extensions;
    List<String> stop = new ArrayList<>();
    if (ext.path("stop").isTextual()) {
      stop.add(ext.path("stop").asText());
    }
    ext.path("stop").forEach(s -> stop.add(s.asText()));
    Sampling sampling =
        new Sampling(
            request.maxTokens(),
            Json.decimal(ext, "temperature"),
            Json.decimal(ext, "top_p"),
            stop,
            extensions);
    String prompt = request.prompts().get(0);
    return new Generation(body(prompt, request.stream(), sampling, layout), prompt);
  }

  private record Sampling(
      @Nullable Integer maxTokens,
      @Nullable Double temperature,
      @Nullable Double topP,
      List<String> stop,
      @Nullable ObjectNode extensions) {}

  private static ObjectNode body(
      String prompt, boolean stream, Sampling sampling, TritonLayout layout) {
    ObjectNode body = Json.object();
    put(body, layout.input("text"), Json.MAPPER.getNodeFactory().textNode(prompt));
    put(body, layout.input("stream"), Json.MAPPER.getNodeFactory().booleanNode(stream));
    body.setAll(layout.fixed().deepCopy());
    ObjectNode target = body;
    if (layout.samplingInParameters()) {
      target = body.putObject("parameters");
    }
    int maxTokens = sampling.maxTokens() != null ? sampling.maxTokens() : layout.defaultMaxTokens();
    put(target, layout.input("max_tokens"), Json.MAPPER.getNodeFactory().numberNode(maxTokens));
    if (sampling.temperature() != null) {
      put(
          target,
          layout.input("temperature"),
          Json.MAPPER.getNodeFactory().numberNode(sampling.temperature()));
    }
    if (sampling.topP() != null) {
      put(target, layout.input("top_p"), Json.MAPPER.getNodeFactory().numberNode(sampling.topP()));
    }
    if (!sampling.stop().isEmpty()) {
      ArrayNode stop = Json.MAPPER.createArrayNode();
      sampling.stop().forEach(stop::add);
      put(target, layout.input("stop"), stop);
    }
    ObjectNode extensions = sampling.extensions();
    if (extensions != null) {
      for (String field : List.of("top_k", "seed")) {
        if (extensions.hasNonNull(field)) {
          put(target, layout.input(field), extensions.get(field));
        }
      }
    }
    return body;
  }

  private static void put(ObjectNode into, @Nullable String name, JsonNode value) {
    if (name != null) {
      into.set(name, value);
    }
  }
}

package dev.modelgate.provider.triton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.CompletionRequest;
import dev.modelgate.provider.common.ChatTemplate;
import dev.modelgate.provider.common.Sampling;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Canonical requests as a generate-extension body, named by a {@link TritonLayout}. */
final class TritonRequests {
  /** The body and the prompt it carries (for prompt echoes and estimated usage). */
  record Generation(ObjectNode body, String prompt) {}

  private static final String SERVER = "Triton's generate API";

  private TritonRequests() {}

  static Generation chat(ChatRequest request, ChatTemplate template, TritonLayout layout) {
    String prompt = template.render(request.messages());
    return new Generation(
        body(prompt, request.stream(), Sampling.of(request, SERVER), layout), prompt);
  }

  static Generation completion(CompletionRequest request, TritonLayout layout) {
    Sampling sampling = Sampling.of(request, SERVER);
    String prompt = request.prompts().get(0);
    return new Generation(body(prompt, request.stream(), sampling, layout), prompt);
  }

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
    for (String field : List.of("top_k", "seed")) {
      JsonNode value = sampling.extension(field);
      if (value != null) {
        put(target, layout.input(field), value);
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

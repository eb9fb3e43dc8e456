package dev.modelgate.provider.tgi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.CompletionRequest;
import dev.modelgate.model.ResponseFormat;
import dev.modelgate.provider.common.ChatTemplate;
import dev.modelgate.provider.common.Sampling;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Canonical requests as TGI's {@code {"inputs", "parameters"}} body. TGI refuses a temperature of 0
 * and a {@code top_p} of 1 (both must lie strictly inside their ranges), which OpenAI clients send
 * to mean "greedy" and "no cut": those are left out, which means the same to TGI.
 */
final class TgiRequests {
  /** Sampling fields a client may send beside OpenAI's, passed to TGI as they are. */
  private static final List<String> PASSED =
      List.of(
          "top_k",
          "seed",
          "repetition_penalty",
          "frequency_penalty",
          "typical_p",
          "truncate",
          "watermark",
          "do_sample",
          "adapter_id");

  /** The body and the prompt it carries (kept to estimate prompt tokens TGI does not report). */
  record Generation(ObjectNode body, String prompt) {}

  private static final String SERVER = "TGI's generate API";

  private TgiRequests() {}

  static Generation chat(ChatRequest request, ChatTemplate template) {
    String prompt = template.render(request.messages());
    ObjectNode parameters = parameters(Sampling.of(request, SERVER));
    JsonNode schema = schema(request.responseFormat());
    if (schema != null) {
      parameters.putObject("grammar").put("type", "json").set("value", schema);
    }
    return new Generation(body(prompt, parameters), prompt);
  }

  static Generation completion(CompletionRequest request) {
    Sampling sampling = Sampling.of(request, SERVER);
    String prompt = request.prompts().get(0);
    return new Generation(body(prompt, parameters(sampling)), prompt);
  }

  private static ObjectNode body(String prompt, ObjectNode parameters) {
    ObjectNode body = Json.object().put("inputs", prompt);
    body.set("parameters", parameters);
    return body;
  }

  private static ObjectNode parameters(Sampling sampling) {
    // details: the finish reason and token counts come only with them.
    ObjectNode parameters = Json.object().put("details", true);
    if (sampling.maxTokens() != null) {
      parameters.put("max_new_tokens", sampling.maxTokens());
    }
    Double temperature = sampling.temperature();
    if (temperature != null && temperature > 0) {
      parameters.put("temperature", temperature);
    }
    Double topP = sampling.topP();
    if (topP != null && topP > 0 && topP < 1) {
      parameters.put("top_p", topP);
    }
    if (!sampling.stop().isEmpty()) {
      ArrayNode array = parameters.putArray("stop");
      sampling.stop().forEach(array::add);
    }
    for (String field : PASSED) {
      JsonNode value = sampling.extension(field);
      if (value != null) {
        parameters.set(field, value);
      }
    }
    return parameters;
  }

  /** The JSON schema the answer must follow, or null for free text. */
  private static @Nullable JsonNode schema(@Nullable ResponseFormat format) {
    return switch (format) {
      case ResponseFormat.JsonSchema schema ->
          schema.schema() != null ? schema.schema() : Json.object().put("type", "object");
      case ResponseFormat.JsonObject json -> Json.object().put("type", "object");
      case null, default -> null;
    };
  }
}

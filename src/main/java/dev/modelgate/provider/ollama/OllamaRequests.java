package dev.modelgate.provider.ollama;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.codec.ToolArguments;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.ContentPart;
import dev.modelgate.model.EmbeddingRequest;
import dev.modelgate.model.Message;
import dev.modelgate.model.MessageContent;
import dev.modelgate.model.ResponseFormat;
import dev.modelgate.model.Tool;
import dev.modelgate.model.ToolCall;
import dev.modelgate.provider.common.RequestedThinking;
import dev.modelgate.provider.common.Sampling;
import java.util.HashMap;
import java.util.Map;

/** Canonical requests as Ollama's {@code /api/chat} and {@code /api/embed} bodies. */
final class OllamaRequests {
  private OllamaRequests() {}

  static ObjectNode chat(ChatRequest request, String model) {
    ObjectNode root = Json.object().put("model", model).put("stream", request.stream());
    ArrayNode messages = root.putArray("messages");
    Map<String, String> callNames = new HashMap<>();
    for (Message message : request.messages()) {
      ObjectNode m = messages.addObject().put("role", role(message)).put("content", message.text());
      if (message.content() instanceof MessageContent.Parts parts) {
        ArrayNode images = null;
        for (ContentPart part : parts.parts()) {
          if (part instanceof ContentPart.Image image) {
            if (!image.url().startsWith("data:") || image.url().indexOf(',') < 0) {
              throw new InvalidRequest("Ollama takes images as base64 data URLs only", "messages");
            }
            images = images == null ? m.putArray("images") : images;
            images.add(image.url().substring(image.url().indexOf(',') + 1));
          }
        }
      }
      if (!message.toolCalls().isEmpty()) {
        ArrayNode calls = m.putArray("tool_calls");
        for (ToolCall call : message.toolCalls()) {
          callNames.put(call.id(), call.name());
          ObjectNode function = calls.addObject().putObject("function").put("name", call.name());
          function.set("arguments", ToolArguments.fromClient(call.arguments(), call.name()));
        }
      }
      if (message.toolCallId() != null && callNames.containsKey(message.toolCallId())) {
        m.put("tool_name", callNames.get(message.toolCallId()));
      }
      if (message.reasoning() != null) {
        m.put("thinking", message.reasoning());
      }
    }
    options(root, request);
    // Ollama's switch is a boolean for every thinking model (only gpt-oss also takes a level).
    if (RequestedThinking.of(request) instanceof RequestedThinking asked) {
      root.put("think", asked.enabled());
    }
    if (!request.tools().isEmpty()) {
      ArrayNode tools = root.putArray("tools");
      for (Tool tool : request.tools()) {
        ObjectNode function =
            tools
                .addObject()
                .put("type", "function")
                .putObject("function")
                .put("name", tool.name());
        if (tool.description() != null) {
          function.put("description", tool.description());
        }
        function.set(
            "parameters",
            tool.parameters() != null ? tool.parameters() : Json.object().put("type", "object"));
      }
    }
    switch (request.responseFormat()) {
      case ResponseFormat.JsonObject json -> root.put("format", "json");
      case ResponseFormat.JsonSchema schema -> {
        if (schema.schema() != null) {
          root.set("format", schema.schema());
        } else {
          root.put("format", "json");
        }
      }
      case null, default -> {
        // free text
      }
    }
    return root;
  }

  static ObjectNode embed(EmbeddingRequest request, String model) {
    ObjectNode root = Json.object().put("model", model);
    ArrayNode input = root.putArray("input");
    request.inputs().forEach(input::add);
    if (request.dimensions() != null) {
      root.put("dimensions", request.dimensions());
    }
    return root;
  }

  private static String role(Message message) {
    return switch (message.role()) {
      case SYSTEM, DEVELOPER -> "system";
      case USER -> "user";
      case ASSISTANT -> "assistant";
      case TOOL, FUNCTION -> "tool";
    };
  }

  private static void options(ObjectNode root, ChatRequest request) {
    ObjectNode options = Json.object();
    if (request.outputLimit() != null) {
      options.put("num_predict", request.outputLimit());
    }
    if (request.temperature() != null) {
      options.put("temperature", request.temperature());
    }
    if (request.topP() != null) {
      options.put("top_p", request.topP());
    }
    if (Sampling.topK(request) instanceof Integer topK) {
      options.put("top_k", topK);
    }
    if (!request.stop().isEmpty()) {
      ArrayNode stop = options.putArray("stop");
      request.stop().forEach(stop::add);
    }
    ObjectNode extensions = request.extensions();
    if (extensions != null && extensions.has("seed")) {
      options.set("seed", extensions.get("seed"));
    }
    if (!options.isEmpty()) {
      root.set("options", options);
    }
  }
}

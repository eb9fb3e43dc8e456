package dev.modelgate.provider.dashscope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.codec.OpenAiMessageCodec;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.ContentPart;
import dev.modelgate.model.Message;
import dev.modelgate.model.MessageContent;
import dev.modelgate.model.ResponseFormat;
import dev.modelgate.model.Tool;
import dev.modelgate.model.ToolChoice;
import dev.modelgate.provider.common.RequestedThinking;
import java.util.Set;

/**
 * A canonical chat request as a DashScope generation request: messages under {@code input},
 * sampling under {@code parameters} with {@code result_format=message}. Requests with images go to
 * the multimodal endpoint, whose message content is an array of single-key parts.
 */
final class DashScopeRequests {
  /** Client fields DashScope takes as parameters as they are. */
  private static final Set<String> PASSED_PARAMETERS =
      Set.of(
          "seed",
          "top_k",
          "repetition_penalty",
          "presence_penalty",
          "enable_search",
          "enable_thinking",
          "thinking_budget",
          "logprobs",
          "top_logprobs",
          "vl_high_resolution_images",
          "search_options");

  private DashScopeRequests() {}

  static boolean multimodal(ChatRequest request) {
    for (Message message : request.messages()) {
      if (message.content() instanceof MessageContent.Parts parts
          && parts.parts().stream().anyMatch(p -> p instanceof ContentPart.Image)) {
        return true;
      }
    }
    return false;
  }

  static ObjectNode encode(ChatRequest request, String model, boolean multimodal) {
    ObjectNode root = Json.object().put("model", model);
    ArrayNode messages = root.putObject("input").putArray("messages");
    for (Message message : request.messages()) {
      ObjectNode m = OpenAiMessageCodec.encode(message);
      m.remove("name");
      m.set(
          "content",
          multimodal ? parts(message) : Json.MAPPER.getNodeFactory().textNode(message.text()));
      messages.add(m);
    }
    ObjectNode parameters = root.putObject("parameters").put("result_format", "message");
    if (request.stream()) {
      parameters.put("incremental_output", true);
    }
    Integer limit = request.outputLimit();
    if (limit != null) {
      parameters.put("max_tokens", limit);
    }
    if (request.temperature() != null) {
      parameters.put("temperature", request.temperature());
    }
    if (request.topP() != null) {
      parameters.put("top_p", request.topP());
    }
    if (!request.stop().isEmpty()) {
      ArrayNode stop = parameters.putArray("stop");
      request.stop().forEach(stop::add);
    }
    tools(request, parameters);
    if (request.responseFormat() instanceof ResponseFormat.JsonObject
        || request.responseFormat() instanceof ResponseFormat.JsonSchema) {
      parameters.putObject("response_format").put("type", "json_object");
    }
    // An Anthropic client's thinking or an OpenAI client's reasoning_effort; a client that sent
    // DashScope's own enable_thinking has the last word below.
    if (RequestedThinking.of(request) instanceof RequestedThinking asked) {
      asked.putEnableThinking(parameters);
    }
    ObjectNode extensions = request.extensions();
    if (extensions != null) {
      for (var field : extensions.properties()) {
        if (PASSED_PARAMETERS.contains(field.getKey())) {
          parameters.set(field.getKey(), field.getValue());
        }
      }
    }
    return root;
  }

  private static JsonNode parts(Message message) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    if (message.content() instanceof MessageContent.Parts parts) {
      for (ContentPart part : parts.parts()) {
        switch (part) {
          case ContentPart.Text text -> out.addObject().put("text", text.text());
          case ContentPart.Image image -> out.addObject().put("image", image.url());
          case ContentPart.Audio audio ->
              out.addObject()
                  .put("audio", "data:audio/" + audio.format() + ";base64," + audio.data());
          case ContentPart.Other other -> {
            // files and future part types have no DashScope form
          }
        }
      }
    } else {
      out.addObject().put("text", message.text());
    }
    return out;
  }

  private static void tools(ChatRequest request, ObjectNode parameters) {
    if (request.tools().isEmpty()) {
      return;
    }
    ArrayNode tools = parameters.putArray("tools");
    for (Tool tool : request.tools()) {
      ObjectNode function =
          tools.addObject().put("type", "function").putObject("function").put("name", tool.name());
      if (tool.description() != null) {
        function.put("description", tool.description());
      }
      function.set(
          "parameters",
          tool.parameters() != null ? tool.parameters() : Json.object().put("type", "object"));
    }
    ToolChoice choice = request.toolChoice();
    switch (choice) {
      case ToolChoice.Mode mode ->
          parameters.put("tool_choice", mode.mode().equals("required") ? "auto" : mode.mode());
      case ToolChoice.Function function -> {
        ObjectNode named = parameters.putObject("tool_choice").put("type", "function");
        named.putObject("function").put("name", function.name());
      }
      case ToolChoice.Other other -> {
        // allowed_tools has no DashScope form; the model chooses
      }
      case null -> {
        // DashScope's default is auto
      }
    }
    if (request.parallelToolCalls() != null) {
      parameters.put("parallel_tool_calls", request.parallelToolCalls());
    }
  }
}

package dev.modelgate.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.codec.ToolArguments;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.ContentPart;
import dev.modelgate.model.Message;
import dev.modelgate.model.MessageContent;
import dev.modelgate.model.ResponseFormat;
import dev.modelgate.model.Tool;
import dev.modelgate.model.ToolCall;
import dev.modelgate.model.ToolChoice;
import dev.modelgate.provider.common.RequestedThinking;
import dev.modelgate.provider.common.Sampling;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A canonical chat request as a Gemini {@code generateContent} request: system messages become
 * {@code systemInstruction}, assistant turns {@code model} turns, tool calls {@code functionCall}
 * parts, and tool results {@code functionResponse} parts named after the call they answer.
 */
final class GeminiRequests {
  /** The smallest budget of the Pro models, which cannot stop thinking (0 is refused). */
  private static final int PRO_MINIMUM_BUDGET = 128;

  private GeminiRequests() {}

  /**
   * @param model the upstream model, which some settings depend on (a Pro model always thinks)
   * @param remoteImage turns an http(s) image URL into an {@code inlineData} part: Gemini reads
   *     only its own file URIs, so the gateway fetches other images and inlines them
   */
  static ObjectNode encode(
      ChatRequest request, String model, Function<String, ObjectNode> remoteImage) {
    ObjectNode root = Json.object();
    StringBuilder system = new StringBuilder();
    ArrayNode contents = root.putArray("contents");
    Map<String, String> callNames = new HashMap<>();
    for (Message message : request.messages()) {
      switch (message.role()) {
        case SYSTEM, DEVELOPER ->
            system.append(system.isEmpty() ? "" : "\n\n").append(message.text());
        case USER -> turn(contents, "user").addAll(userParts(message, remoteImage));
        case ASSISTANT -> {
          ArrayNode parts = turn(contents, "model");
          if (!message.text().isEmpty()) {
            parts.addObject().put("text", message.text());
          }
          for (ToolCall call : message.toolCalls()) {
            callNames.put(call.id(), call.name());
            ObjectNode functionCall =
                parts.addObject().putObject("functionCall").put("name", call.name());
            functionCall.set("args", ToolArguments.fromClient(call.arguments(), call.name()));
          }
        }
        case TOOL, FUNCTION -> {
          String name =
              message.name() != null
                  ? message.name()
                  : callNames.get(String.valueOf(message.toolCallId()));
          if (name == null) {
            throw new InvalidRequest(
                "tool message answers an unknown tool_call_id '" + message.toolCallId() + "'",
                "messages");
          }
          ObjectNode response =
              turn(contents, "user").addObject().putObject("functionResponse").put("name", name);
          response.putObject("response").put("result", message.text());
        }
      }
    }
    if (!system.isEmpty()) {
      root.putObject("systemInstruction")
          .putArray("parts")
          .addObject()
          .put("text", system.toString());
    }
    generationConfig(root, request, model);
    tools(root, request);
    return root;
  }

  /**
   * The parts of the last turn when it has this role (Gemini wants roles to alternate), else a new
   * turn's.
   */
  private static ArrayNode turn(ArrayNode contents, String role) {
    JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
    if (last != null && role.equals(last.path("role").asText())) {
      return (ArrayNode) last.path("parts");
    }
    return contents.addObject().put("role", role).putArray("parts");
  }

  private static ArrayNode userParts(Message message, Function<String, ObjectNode> remoteImage) {
    ArrayNode parts = Json.MAPPER.createArrayNode();
    if (message.content() instanceof MessageContent.Parts list) {
      for (ContentPart part : list.parts()) {
        switch (part) {
          case ContentPart.Text text -> parts.addObject().put("text", text.text());
          case ContentPart.Image image ->
              parts.add(
                  image.url().startsWith("data:")
                      ? image(image.url())
                      : remoteImage.apply(image.url()));
          case ContentPart.Audio audio ->
              parts
                  .addObject()
                  .putObject("inlineData")
                  .put("mimeType", "audio/" + audio.format())
                  .put("data", audio.data());
          case ContentPart.Other other ->
              throw new InvalidRequest(
                  "Content part type '" + other.type() + "' is not supported by this model",
                  "messages");
        }
      }
    } else if (!message.text().isEmpty()) {
      parts.addObject().put("text", message.text());
    }
    return parts;
  }

  private static ObjectNode image(String url) {
    ObjectNode part = Json.object();
    int semicolon = url.indexOf(';');
    int comma = url.indexOf(',');
    if (semicolon < 0 || comma < semicolon) {
      throw new InvalidRequest("Invalid image data URL", "messages");
    }
    part.putObject("inlineData")
        .put("mimeType", url.substring(5, semicolon))
        .put("data", url.substring(comma + 1));
    return part;
  }

  /**
   * The client's thinking as Gemini's {@code thinkingConfig}: its budget (-1, dynamic, when the
   * client named none) with the thoughts returned, so they reach the client as reasoning; a budget
   * of 0 when it turned thinking off (as Gemini's own OpenAI endpoint does for {@code
   * reasoning_effort: none}), or the least a Pro model takes, since it always thinks.
   */
  private static void thinking(ObjectNode config, @Nullable RequestedThinking asked, String model) {
    if (asked == null) {
      return;
    }
    ObjectNode thinking = config.putObject("thinkingConfig");
    if (!asked.enabled()) {
      thinking.put("thinkingBudget", model.contains("-pro") ? PRO_MINIMUM_BUDGET : 0);
      return;
    }
    thinking.put("thinkingBudget", asked.budget() == 0 ? -1 : asked.budget());
    thinking.put("includeThoughts", true);
  }

  private static void generationConfig(ObjectNode root, ChatRequest request, String model) {
    ObjectNode config = Json.object();
    if (request.temperature() != null) {
      config.put("temperature", request.temperature());
    }
    if (request.topP() != null) {
      config.put("topP", request.topP());
    }
    if (Sampling.topK(request) instanceof Integer topK) {
      config.put("topK", topK);
    }
    if (request.outputLimit() != null) {
      config.put("maxOutputTokens", request.outputLimit());
    }
    thinking(config, RequestedThinking.of(request), model);
    if (request.n() != null) {
      config.put("candidateCount", request.n());
    }
    if (!request.stop().isEmpty()) {
      ArrayNode stop = config.putArray("stopSequences");
      request.stop().forEach(stop::add);
    }
    switch (request.responseFormat()) {
      case ResponseFormat.JsonObject json -> config.put("responseMimeType", "application/json");
      case ResponseFormat.JsonSchema schema -> {
        config.put("responseMimeType", "application/json");
        if (schema.schema() != null) {
          config.set("responseJsonSchema", schema.schema());
        }
      }
      case null, default -> {
        // free text
      }
    }
    if (!config.isEmpty()) {
      root.set("generationConfig", config);
    }
  }

  private static void tools(ObjectNode root, ChatRequest request) {
    if (request.tools().isEmpty()) {
      return;
    }
    ArrayNode declarations = root.putArray("tools").addObject().putArray("functionDeclarations");
    for (Tool tool : request.tools()) {
      ObjectNode declaration = declarations.addObject().put("name", tool.name());
      if (tool.description() != null) {
        declaration.put("description", tool.description());
      }
      if (tool.parameters() != null) {
        declaration.set("parametersJsonSchema", tool.parameters());
      }
    }
    ObjectNode calling = Json.object();
    switch (request.toolChoice()) {
      case ToolChoice.Mode mode when mode.mode().equals("required") -> calling.put("mode", "ANY");
      case ToolChoice.Mode mode when mode.mode().equals("none") -> calling.put("mode", "NONE");
      case ToolChoice.Function function ->
          calling.put("mode", "ANY").putArray("allowedFunctionNames").add(function.name());
      case null, default -> calling.put("mode", "AUTO");
    }
    root.putObject("toolConfig").set("functionCallingConfig", calling);
  }
}

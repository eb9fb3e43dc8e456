package dev.modelgate.provider.anthropic;

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
import dev.modelgate.model.Role;
import dev.modelgate.model.Tool;
import dev.modelgate.model.ToolCall;
import dev.modelgate.model.ToolChoice;
import dev.modelgate.model.WireProtocol;
import dev.modelgate.provider.common.ReasoningEffort;
import dev.modelgate.provider.common.Sampling;
import java.util.List;

/**
 * A canonical chat request as an Anthropic Messages request: system and developer messages become
 * the top-level {@code system}; tool results join one user turn; consecutive turns of one role
 * merge; {@code max_tokens} gets the configured default when the client sent none; temperature is
 * clamped to Anthropic's 0..1.
 */
final class AnthropicRequests {
  private AnthropicRequests() {}

  static ObjectNode encode(ChatRequest request, String model, int defaultMaxTokens) {
    ObjectNode root = Json.object().put("model", model);
    Integer limit = request.outputLimit();
    root.put("max_tokens", limit != null ? limit : defaultMaxTokens);
    StringBuilder system = new StringBuilder();
    ArrayNode messages = root.putArray("messages");
    List<Message> all = request.messages();
    for (Message message : all) {
      if (message.role() == Role.ASSISTANT && message == all.getLast()) {
        // A final assistant turn is a prefix Claude continues; Anthropic refuses one that ends in
        // whitespace.
        message = trimmedPrefix(message);
      }
      switch (message.role()) {
        case SYSTEM, DEVELOPER ->
            system.append(system.isEmpty() ? "" : "\n\n").append(message.text());
        case USER -> append(messages, "user", userBlocks(message));
        case ASSISTANT -> append(messages, "assistant", assistantBlocks(message));
        case TOOL, FUNCTION -> append(messages, "user", List.of(toolResult(message)));
      }
    }
    if (!system.isEmpty()) {
      root.put("system", system.toString());
    }
    if (request.temperature() != null) {
      root.put("temperature", Math.min(1.0, Math.max(0.0, request.temperature())));
    }
    if (request.topP() != null) {
      root.put("top_p", request.topP());
    }
    if (!request.stop().isEmpty()) {
      ArrayNode stop = root.putArray("stop_sequences");
      request.stop().forEach(stop::add);
    }
    if (request.stream()) {
      root.put("stream", true);
    }
    if (request.user() != null) {
      root.putObject("metadata").put("user_id", request.user());
    }
    tools(root, request);
    if (request.format() == WireProtocol.OPENAI && Sampling.topK(request) instanceof Integer topK) {
      root.put("top_k", topK); // an OpenAI client's extra field, which Claude takes as it is
    }
    thinking(root, request);
    // An Anthropic client's other fields (top_k, output_config, service_tier, ...) as it sent them.
    Json.merge(root, request.extensionsFor(WireProtocol.ANTHROPIC));
    return root;
  }

  private static Message trimmedPrefix(Message message) {
    String text = message.text();
    String trimmed = text.stripTrailing();
    if (trimmed.length() == text.length()) {
      return message;
    }
    return new Message(
        message.role(),
        new dev.modelgate.model.MessageContent.Plain(trimmed),
        message.name(),
        message.toolCalls(),
        message.toolCallId(),
        message.reasoning(),
        message.refusal(),
        message.extensions());
  }

  private static void append(ArrayNode messages, String role, List<ObjectNode> blocks) {
    if (blocks.isEmpty()) {
      return;
    }
    JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
    ArrayNode content;
    if (last != null && role.equals(last.path("role").asText())) {
      content = (ArrayNode) last.path("content");
    } else {
      ObjectNode message = messages.addObject().put("role", role);
      content = message.putArray("content");
    }
    blocks.forEach(content::add);
  }

  private static List<ObjectNode> userBlocks(Message message) {
    MessageContent content = message.content();
    if (content == null) {
      return List.of();
    }
    return switch (content) {
      case MessageContent.Plain plain ->
          plain.text().isEmpty() ? List.of() : List.of(text(plain.text()));
      case MessageContent.Parts parts ->
          parts.parts().stream().map(AnthropicRequests::part).toList();
    };
  }

  private static List<ObjectNode> assistantBlocks(Message message) {
    java.util.ArrayList<ObjectNode> blocks = new java.util.ArrayList<>();
    String text = message.text();
    if (!text.isEmpty()) {
      blocks.add(text(text));
    }
    for (ToolCall call : message.toolCalls()) {
      ObjectNode use =
          Json.object().put("type", "tool_use").put("id", call.id()).put("name", call.name());
      use.set("input", ToolArguments.fromClient(call.arguments(), call.name()));
      blocks.add(use);
    }
    return blocks;
  }

  private static ObjectNode toolResult(Message message) {
    ObjectNode block = Json.object().put("type", "tool_result");
    block.put("tool_use_id", message.toolCallId() == null ? "" : message.toolCallId());
    block.put("content", message.text());
    return block;
  }

  private static ObjectNode text(String text) {
    return Json.object().put("type", "text").put("text", text);
  }

  private static ObjectNode part(ContentPart part) {
    return switch (part) {
      case ContentPart.Text text -> text(text.text());
      case ContentPart.Image image -> image(image.url());
      case ContentPart.Audio audio ->
          throw new InvalidRequest("Anthropic models do not accept audio input", "messages");
      case ContentPart.Other other ->
          throw new InvalidRequest(
              "Content part type '" + other.type() + "' is not supported by this model",
              "messages");
    };
  }

  /** An OpenAI image URL as an image block: a data URL splits into media type and base64 data. */
  private static ObjectNode image(String url) {
    ObjectNode block = Json.object().put("type", "image");
    ObjectNode source = block.putObject("source");
    if (url.startsWith("data:")) {
      int comma = url.indexOf(',');
      int semicolon = url.indexOf(';');
      if (comma < 0 || semicolon < 0 || semicolon > comma) {
        throw new InvalidRequest("Invalid image data URL", "messages");
      }
      source
          .put("type", "base64")
          .put("media_type", url.substring(5, semicolon))
          .put("data", url.substring(comma + 1));
    } else {
      source.put("type", "url").put("url", url);
    }
    return block;
  }

  private static void tools(ObjectNode root, ChatRequest request) {
    ToolChoice choice = request.toolChoice();
    if (request.tools().isEmpty()
        || choice instanceof ToolChoice.Mode m && m.mode().equals("none")) {
      return;
    }
    ArrayNode tools = root.putArray("tools");
    for (Tool tool : request.tools()) {
      ObjectNode t = tools.addObject().put("name", tool.name());
      if (tool.description() != null) {
        t.put("description", tool.description());
      }
      JsonNode schema = tool.parameters();
      t.set(
          "input_schema",
          schema != null && schema.isObject()
              ? schema
              : Json.object().put("type", "object").set("properties", Json.object()));
    }
    ObjectNode anthropicChoice =
        switch (choice) {
          case ToolChoice.Function f -> Json.object().put("type", "tool").put("name", f.name());
          case ToolChoice.Mode m when m.mode().equals("required") ->
              Json.object().put("type", "any");
          case null, default -> Json.object().put("type", "auto");
        };
    if (Boolean.FALSE.equals(request.parallelToolCalls())) {
      anthropicChoice.put("disable_parallel_tool_use", true);
    }
    root.set("tool_choice", anthropicChoice);
  }

  /**
   * {@code reasoning_effort} as a thinking budget, for clients that ask for reasoning the OpenAI
   * way.
   */
  private static void thinking(ObjectNode root, ChatRequest request) {
    ObjectNode extensions = request.extensions();
    JsonNode thinking = extensions == null ? null : extensions.get("thinking");
    if (thinking != null && thinking.isObject()) {
      root.set("thinking", thinking);
      return;
    }
    String effort = extensions == null ? null : Json.text(extensions, "reasoning_effort");
    Integer budget = ReasoningEffort.budget(effort);
    if (budget != null) {
      int max = root.path("max_tokens").asInt();
      if (max <= budget) {
        root.put("max_tokens", budget + 1024);
      }
      root.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
      // Claude refuses these beside thinking.
      root.remove("temperature");
      root.remove("top_p");
      root.remove("top_k");
    }
  }
}

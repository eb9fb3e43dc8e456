package dev.modelgate.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.ChatChoice;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.ContentPart;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.Message;
import dev.modelgate.model.MessageContent;
import dev.modelgate.model.ResponseFormat;
import dev.modelgate.model.Role;
import dev.modelgate.model.Tool;
import dev.modelgate.model.ToolCall;
import dev.modelgate.model.ToolChoice;
import dev.modelgate.model.Usage;
import dev.modelgate.model.WireProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Anthropic Messages requests to the canonical chat request, and canonical responses to Anthropic
 * messages, for Anthropic clients reaching any upstream (docs/wire-formats.md, 3.9 read backwards).
 */
public final class AnthropicMessagesCodec {
  private static final Set<String> KNOWN =
      Set.of(
          "model",
          "messages",
          "system",
          "max_tokens",
          "temperature",
          "top_p",
          "stop_sequences",
          "stream",
          "tools",
          "tool_choice",
          "metadata");

  private AnthropicMessagesCodec() {}

  public static ChatRequest decode(byte[] body) {
    JsonNode root;
    try {
      root = Json.parse(body);
    } catch (IOException e) {
      throw new InvalidRequest("The request body is not valid JSON.", null, "invalid_json");
    }
    List<Message> messages = new ArrayList<>();
    JsonNode system = root.get("system");
    if (system != null && !system.isNull()) {
      messages.add(Message.of(Role.SYSTEM, textOf(system)));
    }
    JsonNode list = root.path("messages");
    if (!list.isArray()) {
      throw new InvalidRequest("messages: Field required", "messages");
    }
    for (JsonNode message : list) {
      String role = message.path("role").asText();
      switch (role) {
        case "user" -> user(message.get("content"), messages);
        case "assistant" -> messages.add(assistant(message.get("content")));
        default ->
            throw new InvalidRequest("messages: Unexpected role \"" + role + "\"", "messages");
      }
    }
    JsonNode toolChoice = root.path("tool_choice");
    Boolean parallel =
        toolChoice.path("disable_parallel_tool_use").asBoolean(false) ? Boolean.FALSE : null;
    return new ChatRequest(
        root.path("model").asText(),
        messages,
        root.path("stream").asBoolean(false),
        true,
        Json.integer(root, "max_tokens"),
        null,
        Json.decimal(root, "temperature"),
        Json.decimal(root, "top_p"),
        null,
        strings(root.path("stop_sequences")),
        tools(root.path("tools")),
        toolChoice(toolChoice),
        parallel,
        responseFormat(root),
        Json.text(root.path("metadata"), "user_id"),
        Json.rest(root, KNOWN),
        WireProtocol.ANTHROPIC);
  }

  /**
   * Structured output ({@code output_config.format}, or the earlier beta's {@code output_format})
   * as the model's response format, so an upstream of another API is asked for it its own way. The
   * field itself stays among the extensions, for Anthropic upstreams.
   */
  private static @Nullable ResponseFormat responseFormat(JsonNode root) {
    JsonNode format = root.path("output_config").path("format");
    if (format.isMissingNode()) {
      format = root.path("output_format");
    }
    if (!"json_schema".equals(format.path("type").asText())) {
      return null;
    }
    JsonNode schema = format.get("schema");
    return new ResponseFormat.JsonSchema(
        "response", null, schema == null || schema.isNull() ? null : schema, null);
  }

  private static void user(@Nullable JsonNode content, List<Message> out) {
    if (content == null || content.isTextual()) {
      out.add(Message.of(Role.USER, content == null ? "" : content.asText()));
      return;
    }
    List<ContentPart> parts = new ArrayList<>();
    for (JsonNode block : content) {
      switch (block.path("type").asText()) {
        case "text" -> parts.add(new ContentPart.Text(block.path("text").asText()));
        case "image" -> parts.add(new ContentPart.Image(imageUrl(block.path("source")), null));
        case "tool_result" -> {
          flush(parts, out);
          out.add(
              new Message(
                  Role.TOOL,
                  new MessageContent.Plain(textOf(block.path("content"))),
                  null,
                  List.of(),
                  block.path("tool_use_id").asText(),
                  null,
                  null,
                  null));
        }
        default -> parts.add(new ContentPart.Other(block.path("type").asText(), block));
      }
    }
    flush(parts, out);
  }

  private static void flush(List<ContentPart> parts, List<Message> out) {
    if (!parts.isEmpty()) {
      out.add(
          new Message(
              Role.USER, new MessageContent.Parts(parts), null, List.of(), null, null, null, null));
      parts.clear();
    }
  }

  /** An assistant turn's content blocks (text, thinking, tool_use) as one canonical message. */
  public static Message assistant(@Nullable JsonNode content) {
    if (content == null || content.isTextual()) {
      return Message.of(Role.ASSISTANT, content == null ? "" : content.asText());
    }
    StringBuilder text = new StringBuilder();
    StringBuilder thinking = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode block : content) {
      switch (block.path("type").asText()) {
        case "text" -> text.append(block.path("text").asText());
        case "thinking" -> thinking.append(block.path("thinking").asText());
        case "tool_use" ->
            calls.add(
                new ToolCall(
                    block.path("id").asText(),
                    "function",
                    block.path("name").asText(),
                    block.path("input").toString()));
        default -> {
          // redacted thinking and server tool blocks have no canonical form
        }
      }
    }
    return new Message(
        Role.ASSISTANT,
        text.isEmpty() && !calls.isEmpty() ? null : new MessageContent.Plain(text.toString()),
        null,
        calls,
        null,
        thinking.isEmpty() ? null : thinking.toString(),
        null,
        null);
  }

  private static String imageUrl(JsonNode source) {
    if ("base64".equals(source.path("type").asText())) {
      return "data:"
          + source.path("media_type").asText()
          + ";base64,"
          + source.path("data").asText();
    }
    return source.path("url").asText();
  }

  /** A string, or the text of an array of blocks. */
  private static String textOf(JsonNode node) {
    if (node.isTextual()) {
      return node.asText();
    }
    StringBuilder out = new StringBuilder();
    for (JsonNode block : node) {
      if ("text".equals(block.path("type").asText())) {
        out.append(out.isEmpty() ? "" : "\n").append(block.path("text").asText());
      }
    }
    return out.toString();
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<Tool> tools(JsonNode node) {
    List<Tool> out = new ArrayList<>();
    for (JsonNode tool : node) {
      out.add(
          new Tool(
              "function",
              tool.path("name").asText(),
              Json.text(tool, "description"),
              tool.get("input_schema"),
              null));
    }
    return out;
  }

  private static @Nullable ToolChoice toolChoice(JsonNode node) {
    return switch (node.path("type").asText("")) {
      case "auto" -> new ToolChoice.Mode("auto");
      case "any" -> new ToolChoice.Mode("required");
      case "none" -> new ToolChoice.Mode("none");
      case "tool" -> new ToolChoice.Function(node.path("name").asText());
      default -> null;
    };
  }

  /** A canonical response as an Anthropic {@code message}. */
  public static byte[] encode(ChatResponse response) {
    ObjectNode root =
        Json.object()
            .put("id", messageId(response.id()))
            .put("type", "message")
            .put("role", "assistant")
            .put("model", response.model());
    ArrayNode content = root.putArray("content");
    ChatChoice choice = response.choices().isEmpty() ? null : response.choices().getFirst();
    if (choice != null) {
      Message message = choice.message();
      if (message.reasoning() != null) {
        content
            .addObject()
            .put("type", "thinking")
            .put("thinking", message.reasoning())
            .put("signature", "");
      }
      if (!message.text().isEmpty() || message.toolCalls().isEmpty()) {
        content.addObject().put("type", "text").put("text", message.text());
      }
      for (ToolCall call : message.toolCalls()) {
        ObjectNode use =
            content
                .addObject()
                .put("type", "tool_use")
                .put("id", call.id())
                .put("name", call.name());
        use.set("input", ToolArguments.fromModel(call.arguments()));
      }
    }
    root.put("stop_reason", stopReason(choice == null ? null : choice.finishReason()));
    root.putNull("stop_sequence");
    root.set("usage", usage(response.usage()));
    return Json.bytes(root);
  }

  public static String messageId(String id) {
    return id.startsWith("msg_") ? id : "msg_" + id;
  }

  /** OpenAI's finish reason as Anthropic's stop reason. */
  public static String stopReason(@Nullable FinishReason reason) {
    if (reason == null) {
      return "end_turn";
    }
    return switch (reason) {
      case STOP, FUNCTION_CALL -> "end_turn";
      case LENGTH -> "max_tokens";
      case TOOL_CALLS -> "tool_use";
      case CONTENT_FILTER -> "refusal";
    };
  }

  /** Usage in Anthropic's terms: input excludes cache reads, which are reported apart. */
  public static ObjectNode usage(@Nullable Usage usage) {
    ObjectNode node = Json.object();
    long cached = usage == null || usage.cachedTokens() == null ? 0 : usage.cachedTokens();
    node.put("input_tokens", usage == null ? 0 : Math.max(0, usage.promptTokens() - cached));
    node.put("output_tokens", usage == null ? 0 : usage.completionTokens());
    node.put("cache_read_input_tokens", cached);
    node.put("cache_creation_input_tokens", 0);
    return node;
  }
}

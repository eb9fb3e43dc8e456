package dev.modelgate.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.ContentPart;
import dev.modelgate.model.Message;
import dev.modelgate.model.MessageContent;
import dev.modelgate.model.Role;
import dev.modelgate.model.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** OpenAI chat messages to and from {@link Message}, in requests and complete responses. */
public final class OpenAiMessageCodec {
  private static final Set<String> KNOWN =
      Set.of(
          "role", "content", "name", "tool_calls", "tool_call_id", "reasoning_content", "refusal");

  private OpenAiMessageCodec() {}

  public static Message decode(JsonNode node, String path) {
    if (!node.isObject()) {
      throw new InvalidRequest("Invalid type for '" + path + "': expected an object.", path);
    }
    String roleName = Json.text(node, "role");
    Role role = roleName == null ? null : Role.fromWire(roleName);
    if (role == null) {
      throw new InvalidRequest(
          "Invalid value for '"
              + path
              + ".role': "
              + (roleName == null ? "missing" : roleName)
              + ". Supported values are: 'system', 'developer', 'user', 'assistant', 'tool'.",
          path + ".role",
          "invalid_value");
    }
    List<ToolCall> toolCalls = new ArrayList<>();
    JsonNode calls = node.get("tool_calls");
    if (calls != null && calls.isArray()) {
      for (JsonNode call : calls) {
        JsonNode function = call.path("function");
        toolCalls.add(
            new ToolCall(
                call.path("id").asText(""),
                call.path("type").asText("function"),
                function.path("name").asText(""),
                function.path("arguments").asText("")));
      }
    }
    return new Message(
        role,
        decodeContent(node.get("content"), path + ".content"),
        Json.text(node, "name"),
        toolCalls,
        Json.text(node, "tool_call_id"),
        Json.text(node, "reasoning_content"),
        Json.text(node, "refusal"),
        Json.rest(node, KNOWN));
  }

  public static ObjectNode encode(Message message) {
    ObjectNode node = Json.object();
    node.put("role", message.role().wire());
    MessageContent content = message.content();
    if (content == null) {
      node.putNull("content");
    } else {
      node.set("content", encodeContent(content));
    }
    if (message.name() != null) {
      node.put("name", message.name());
    }
    if (message.reasoning() != null) {
      node.put("reasoning_content", message.reasoning());
    }
    if (message.refusal() != null) {
      node.put("refusal", message.refusal());
    }
    if (!message.toolCalls().isEmpty()) {
      ArrayNode calls = node.putArray("tool_calls");
      for (ToolCall call : message.toolCalls()) {
        ObjectNode c = calls.addObject().put("id", call.id()).put("type", call.type());
        c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
      }
    }
    if (message.toolCallId() != null) {
      node.put("tool_call_id", message.toolCallId());
    }
    Json.merge(node, message.extensions());
    return node;
  }

  private static @Nullable MessageContent decodeContent(@Nullable JsonNode node, String path) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return new MessageContent.Plain(node.asText());
    }
    if (!node.isArray()) {
      throw new InvalidRequest(
          "Invalid type for '" + path + "': expected a string or an array of content parts.", path);
    }
    List<ContentPart> parts = new ArrayList<>(node.size());
    for (JsonNode part : node) {
      parts.add(decodePart(part));
    }
    return new MessageContent.Parts(parts);
  }

  private static ContentPart decodePart(JsonNode part) {
    String type = part.path("type").asText("");
    return switch (type) {
      case "text" -> new ContentPart.Text(part.path("text").asText(""));
      case "image_url" -> {
        JsonNode image = part.path("image_url");
        String url = image.isTextual() ? image.asText() : image.path("url").asText("");
        yield new ContentPart.Image(url, Json.text(image, "detail"));
      }
      case "input_audio" ->
          new ContentPart.Audio(
              part.path("input_audio").path("data").asText(""),
              part.path("input_audio").path("format").asText(""));
      default -> new ContentPart.Other(type, part);
    };
  }

  private static JsonNode encodeContent(MessageContent content) {
    return switch (content) {
      case MessageContent.Plain plain -> Json.MAPPER.getNodeFactory().textNode(plain.text());
      case MessageContent.Parts parts -> {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (ContentPart part : parts.parts()) {
          array.add(encodePart(part));
        }
        yield array;
      }
    };
  }

  private static JsonNode encodePart(ContentPart part) {
    ObjectNode node = Json.object();
    switch (part) {
      case ContentPart.Text text -> node.put("type", "text").put("text", text.text());
      case ContentPart.Image image -> {
        ObjectNode url =
            node.put("type", "image_url").putObject("image_url").put("url", image.url());
        if (image.detail() != null) {
          url.put("detail", image.detail());
        }
      }
      case ContentPart.Audio audio ->
          node.put("type", "input_audio")
              .putObject("input_audio")
              .put("data", audio.data())
              .put("format", audio.format());
      case ContentPart.Other other -> {
        return other.raw();
      }
    }
    return node;
  }
}

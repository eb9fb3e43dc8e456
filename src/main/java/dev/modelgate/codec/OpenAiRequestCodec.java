package dev.modelgate.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.CompletionRequest;
import dev.modelgate.model.EmbeddingRequest;
import dev.modelgate.model.Message;
import dev.modelgate.model.ResponseFormat;
import dev.modelgate.model.Tool;
import dev.modelgate.model.ToolChoice;
import dev.modelgate.model.WireProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** OpenAI request bodies (chat, completions, embeddings) to and from the canonical requests. */
public final class OpenAiRequestCodec {
  private static final Set<String> CHAT_KNOWN =
      Set.of(
          "model",
          "messages",
          "stream",
          "max_tokens",
          "max_completion_tokens",
          "temperature",
          "top_p",
          "n",
          "stop",
          "tools",
          "tool_choice",
          "parallel_tool_calls",
          "response_format",
          "user");
  private static final Set<String> COMPLETION_KNOWN =
      Set.of("model", "prompt", "stream", "max_tokens");
  private static final Set<String> EMBEDDING_KNOWN =
      Set.of("model", "input", "encoding_format", "dimensions");

  private OpenAiRequestCodec() {}

  public static ChatRequest decodeChat(byte[] body) {
    JsonNode root = parse(body);
    JsonNode messagesNode = root.path("messages");
    if (!messagesNode.isArray()) {
      throw new InvalidRequest("Invalid type for 'messages': expected an array.", "messages");
    }
    List<Message> messages = new ArrayList<>(messagesNode.size());
    for (int i = 0; i < messagesNode.size(); i++) {
      messages.add(OpenAiMessageCodec.decode(messagesNode.get(i), "messages[" + i + "]"));
    }
    return new ChatRequest(
        root.path("model").asText(),
        messages,
        root.path("stream").asBoolean(false),
        root.path("stream_options").path("include_usage").asBoolean(false),
        Json.integer(root, "max_tokens"),
        Json.integer(root, "max_completion_tokens"),
        Json.decimal(root, "temperature"),
        Json.decimal(root, "top_p"),
        Json.integer(root, "n"),
        strings(root.get("stop")),
        tools(root.get("tools")),
        toolChoice(root.get("tool_choice")),
        Json.bool(root, "parallel_tool_calls"),
        responseFormat(root.get("response_format")),
        Json.text(root, "user"),
        Json.rest(root, CHAT_KNOWN),
        WireProtocol.OPENAI);
  }

  public static byte[] encodeChat(ChatRequest request) {
    ObjectNode root = Json.object();
    root.put("model", request.model());
    ArrayNode messages = root.putArray("messages");
    for (Message message : request.messages()) {
      messages.add(OpenAiMessageCodec.encode(message));
    }
    if (request.stream()) {
      root.put("stream", true);
      ObjectNode options = root.putObject("stream_options");
      ObjectNode own = request.extensionsFor(WireProtocol.OPENAI);
      JsonNode sent = own == null ? null : own.get("stream_options");
      if (sent != null && sent.isObject()) {
        options.setAll((ObjectNode) sent);
      }
      options.put("include_usage", request.includeUsage());
    }
    putIfSet(root, "max_tokens", request.maxTokens());
    putIfSet(root, "max_completion_tokens", request.maxCompletionTokens());
    if (request.temperature() != null) {
      root.put("temperature", request.temperature());
    }
    if (request.topP() != null) {
      root.put("top_p", request.topP());
    }
    putIfSet(root, "n", request.n());
    if (!request.stop().isEmpty()) {
      ArrayNode stop = root.putArray("stop");
      request.stop().forEach(stop::add);
    }
    if (!request.tools().isEmpty()) {
      ArrayNode tools = root.putArray("tools");
      for (Tool tool : request.tools()) {
        ObjectNode function = tools.addObject().put("type", tool.type()).putObject("function");
        function.put("name", tool.name());
        if (tool.description() != null) {
          function.put("description", tool.description());
        }
        if (tool.parameters() != null) {
          function.set("parameters", tool.parameters());
        }
        if (tool.strict() != null) {
          function.put("strict", tool.strict());
        }
      }
    }
    if (request.toolChoice() != null) {
      root.set("tool_choice", encodeToolChoice(request.toolChoice()));
    }
    if (request.parallelToolCalls() != null) {
      root.put("parallel_tool_calls", request.parallelToolCalls());
    }
    if (request.responseFormat() != null) {
      root.set("response_format", encodeResponseFormat(request.responseFormat()));
    }
    if (request.user() != null) {
      root.put("user", request.user());
    }
    // Only an OpenAI client's extra fields: another format's (an Anthropic client's thinking,
    // top_k, output_config) would be refused by OpenAI's servers as unknown arguments.
    Json.merge(root, request.extensionsFor(WireProtocol.OPENAI));
    return Json.bytes(root);
  }

  public static CompletionRequest decodeCompletion(byte[] body) {
    JsonNode root = parse(body);
    JsonNode prompt = root.path("prompt");
    List<String> prompts = new ArrayList<>();
    if (prompt.isTextual()) {
      prompts.add(prompt.asText());
    } else if (prompt.isArray()) {
      for (JsonNode p : prompt) {
        prompts.add(p.isTextual() ? p.asText() : p.toString());
      }
    }
    return new CompletionRequest(
        root.path("model").asText(),
        prompts,
        root.path("stream").asBoolean(false),
        root.path("stream_options").path("include_usage").asBoolean(false),
        Json.integer(root, "max_tokens"),
        Json.rest(root, COMPLETION_KNOWN));
  }

  public static EmbeddingRequest decodeEmbedding(byte[] body) {
    JsonNode root = parse(body);
    JsonNode input = root.path("input");
    List<String> inputs = new ArrayList<>();
    if (input.isTextual()) {
      inputs.add(input.asText());
    } else if (input.isArray()) {
      for (JsonNode item : input) {
        inputs.add(item.isTextual() ? item.asText() : item.toString());
      }
    } else {
      throw new InvalidRequest(
          "Invalid type for 'input': expected a string or an array of strings.", "input");
    }
    return new EmbeddingRequest(
        root.path("model").asText(),
        inputs,
        Json.text(root, "encoding_format"),
        Json.integer(root, "dimensions"),
        Json.rest(root, EMBEDDING_KNOWN));
  }

  public static byte[] encodeCompletion(CompletionRequest request) {
    ObjectNode root = Json.object().put("model", request.model());
    if (request.prompts().size() == 1) {
      root.put("prompt", request.prompts().getFirst());
    } else {
      ArrayNode prompts = root.putArray("prompt");
      request.prompts().forEach(prompts::add);
    }
    if (request.stream()) {
      root.put("stream", true);
      root.putObject("stream_options").put("include_usage", request.includeUsage());
    }
    putIfSet(root, "max_tokens", request.maxTokens());
    Json.merge(root, request.extensions());
    return Json.bytes(root);
  }

  public static byte[] encodeEmbedding(EmbeddingRequest request) {
    ObjectNode root = Json.object().put("model", request.model());
    ArrayNode input = root.putArray("input");
    request.inputs().forEach(input::add);
    if (request.encodingFormat() != null) {
      root.put("encoding_format", request.encodingFormat());
    }
    putIfSet(root, "dimensions", request.dimensions());
    Json.merge(root, request.extensions());
    return Json.bytes(root);
  }

  private static JsonNode parse(byte[] body) {
    try {
      return Json.parse(body);
    } catch (IOException e) {
      throw new InvalidRequest(RequestScan.UNPARSEABLE, null, "invalid_json");
    }
  }

  private static void putIfSet(ObjectNode node, String field, @Nullable Integer value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static List<String> strings(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (node.isTextual()) {
      return List.of(node.asText());
    }
    List<String> out = new ArrayList<>();
    node.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<Tool> tools(@Nullable JsonNode node) {
    if (node == null || !node.isArray()) {
      return List.of();
    }
    List<Tool> out = new ArrayList<>(node.size());
    for (JsonNode tool : node) {
      String type = tool.path("type").asText("function");
      JsonNode spec = tool.has(type) ? tool.path(type) : tool.path("function");
      out.add(
          new Tool(
              type,
              spec.path("name").asText(""),
              Json.text(spec, "description"),
              spec.get("parameters"),
              Json.bool(spec, "strict")));
    }
    return out;
  }

  private static @Nullable ToolChoice toolChoice(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return new ToolChoice.Mode(node.asText());
    }
    if ("function".equals(node.path("type").asText()) && node.path("function").has("name")) {
      return new ToolChoice.Function(node.path("function").path("name").asText());
    }
    return new ToolChoice.Other(node);
  }

  private static JsonNode encodeToolChoice(ToolChoice choice) {
    return switch (choice) {
      case ToolChoice.Mode mode -> Json.MAPPER.getNodeFactory().textNode(mode.mode());
      case ToolChoice.Function function -> {
        ObjectNode node = Json.object().put("type", "function");
        node.putObject("function").put("name", function.name());
        yield node;
      }
      case ToolChoice.Other other -> other.raw();
    };
  }

  private static @Nullable ResponseFormat responseFormat(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return switch (node.path("type").asText("text")) {
      case "json_object" -> new ResponseFormat.JsonObject();
      case "json_schema" -> {
        JsonNode schema = node.path("json_schema");
        yield new ResponseFormat.JsonSchema(
            schema.path("name").asText("response"),
            Json.text(schema, "description"),
            schema.get("schema"),
            Json.bool(schema, "strict"));
      }
      default -> new ResponseFormat.Text();
    };
  }

  private static JsonNode encodeResponseFormat(ResponseFormat format) {
    ObjectNode node = Json.object();
    switch (format) {
      case ResponseFormat.Text text -> node.put("type", "text");
      case ResponseFormat.JsonObject json -> node.put("type", "json_object");
      case ResponseFormat.JsonSchema schema -> {
        ObjectNode spec = node.put("type", "json_schema").putObject("json_schema");
        spec.put("name", schema.name());
        if (schema.description() != null) {
          spec.put("description", schema.description());
        }
        if (schema.schema() != null) {
          spec.set("schema", schema.schema());
        }
        if (schema.strict() != null) {
          spec.put("strict", schema.strict());
        }
      }
    }
    return node;
  }
}

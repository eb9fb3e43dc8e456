package dev.modelgate.provider.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.model.FinishReason;
import dev.modelgate.model.Message;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A template upstream's configuration, validated: how to call the service, where its answer is, and
 * how it streams, if it does.
 */
record TemplateSpec(
    String method,
    String path,
    Map<String, String> query,
    @Nullable JsonNode body,
    Function<List<Message>, String> promptFormat,
    AnswerPointers answer,
    boolean stripPrompt,
    @Nullable StreamShape stream,
    Map<String, FinishReason> finishReasons) {

  /** How the service streams: its event format, path and where each event's parts are. */
  record StreamShape(
      boolean ndjson, String path, AnswerPointers pointers, boolean cumulative, String done) {}

  private static final Map<String, FinishReason> COMMON_REASONS =
      Map.of(
          "eos_token", FinishReason.STOP,
          "eos", FinishReason.STOP,
          "stop_sequence", FinishReason.STOP,
          "end_turn", FinishReason.STOP,
          "max_tokens", FinishReason.LENGTH,
          "max_length", FinishReason.LENGTH);

  static TemplateSpec parse(ObjectNode options) {
    only(
        options,
        Set.of(
            "request",
            "response",
            "stream",
            "prompt_format",
            "finish_reasons",
            "oauth2",
            "tokenizer"),
        "");
    JsonNode request = required(options, "request");
    only(request, Set.of("method", "path", "query", "body"), "request.");
    String method = request.path("method").asText("POST").toUpperCase(Locale.ROOT);
    if (!method.equals("POST") && !method.equals("GET")) {
      throw new IllegalArgumentException("request.method: must be POST or GET, not " + method);
    }
    JsonNode body = request.get("body");
    if (body != null && method.equals("GET")) {
      throw new IllegalArgumentException("request.body: a GET request has no body");
    }
    checkVariables(body, "request.body");
    Map<String, String> query = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = request.path("query").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> param = it.next();
      checkVariables(param.getValue(), "request.query." + param.getKey());
      query.put(param.getKey(), param.getValue().asText());
    }
    JsonNode response = required(options, "response");
    only(response, union(AnswerPointers.KEYS, Set.of("strip_prompt")), "response.");
    return new TemplateSpec(
        method,
        path(required(request, "path").asText(), "request.path"),
        java.util.Collections.unmodifiableMap(query),
        body,
        PromptFormat.named(options.path("prompt_format").asText("plain")),
        AnswerPointers.parse(response, "response", "/generated_text"),
        response.path("strip_prompt").asBoolean(false),
        stream(options.get("stream"), request.path("path").asText()),
        finishReasons(options.path("finish_reasons")));
  }

  private static @Nullable StreamShape stream(@Nullable JsonNode node, String requestPath) {
    if (node == null) {
      return null;
    }
    only(
        node,
        union(AnswerPointers.KEYS, Set.of("format", "path", "cumulative", "done")),
        "stream.");
    String format = node.path("format").asText("sse");
    if (!format.equals("sse") && !format.equals("ndjson")) {
      throw new IllegalArgumentException("stream.format: must be sse or ndjson, not " + format);
    }
    return new StreamShape(
        format.equals("ndjson"),
        path(node.path("path").asText(requestPath), "stream.path"),
        AnswerPointers.parse(node, "stream", "/token/text"),
        node.path("cumulative").asBoolean(false),
        node.path("done").asText("[DONE]"));
  }

  private static Map<String, FinishReason> finishReasons(JsonNode node) {
    Map<String, FinishReason> reasons = new HashMap<>(COMMON_REASONS);
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      FinishReason reason = FinishReason.fromWire(entry.getValue().asText());
      if (reason == null || !reason.wire().equals(entry.getValue().asText())) {
        throw new IllegalArgumentException(
            "finish_reasons."
                + entry.getKey()
                + ": must be stop, length, tool_calls or content_filter");
      }
      reasons.put(entry.getKey(), reason);
    }
    return Map.copyOf(reasons);
  }

  /** The finish reason for a service's own word for it; unknown words end normally. */
  FinishReason finishReason(@Nullable String word) {
    if (word == null) {
      return FinishReason.STOP;
    }
    FinishReason mapped = finishReasons.get(word);
    if (mapped != null) {
      return mapped;
    }
    FinishReason known = FinishReason.fromWire(word);
    return known != null ? known : FinishReason.STOP;
  }

  private static String path(String path, String where) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException(where + ": must start with /, not '" + path + "'");
    }
    return path;
  }

  private static void checkVariables(@Nullable JsonNode template, String where) {
    if (template == null) {
      return;
    }
    if (template.isTextual()) {
      for (String name : JsonTemplate.variablesIn(template.asText())) {
        if (!TemplateVariables.NAMES.contains(name)) {
          throw new IllegalArgumentException(
              where
                  + ": unknown variable {{"
                  + name
                  + "}}; known: "
                  + new java.util.TreeSet<>(TemplateVariables.NAMES));
        }
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      checkVariables(field.getValue(), where + "." + field.getKey());
    }
    for (int i = 0; i < template.size() && template.isArray(); i++) {
      checkVariables(template.get(i), where + "[" + i + "]");
    }
  }

  private static JsonNode required(JsonNode node, String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(key + ": required for a template upstream");
    }
    return value;
  }

  private static void only(JsonNode node, Set<String> allowed, String prefix) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException(
            prefix + name + ": unknown option (known: " + new java.util.TreeSet<>(allowed) + ")");
      }
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }
}

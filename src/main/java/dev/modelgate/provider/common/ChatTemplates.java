package dev.modelgate.provider.common;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.provider.common.ChatTemplate.Turn;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The chat templates of an upstream that takes prompts, from its configuration: {@code
 * chat_template} (a built-in name or a custom template) for every model, and {@code
 * models.<upstream model>.chat_template} for one. Built-ins: {@code chatml}, {@code llama3}, {@code
 * mistral} and {@code none} (the messages' texts joined by blank lines, for prompts a client
 * formats itself).
 */
public final class ChatTemplates {
  private static final Turn EMPTY = new Turn("", "");
  private static final Map<String, ChatTemplate> BUILT_IN =
      Map.of(
          "chatml",
          new ChatTemplate(
              "",
              chatml("system"),
              chatml("user"),
              chatml("assistant"),
              chatml("tool"),
              "<|im_start|>assistant\n",
              "",
              false),
          "llama3",
          new ChatTemplate(
              "<|begin_of_text|>",
              llama3("system"),
              llama3("user"),
              llama3("assistant"),
              llama3("ipython"),
              "<|start_header_id|>assistant<|end_header_id|>\n\n",
              "",
              false),
          "mistral",
          new ChatTemplate(
              "<s>",
              EMPTY,
              new Turn("[INST] ", " [/INST]"),
              new Turn(" ", "</s>"),
              new Turn("[INST] ", " [/INST]"),
              "",
              "",
              true),
          "none",
          new ChatTemplate("", EMPTY, EMPTY, EMPTY, EMPTY, "", "\n\n", false));
  private static final Set<String> CUSTOM_FIELDS =
      Set.of(
          "begin",
          "system",
          "user",
          "assistant",
          "tool",
          "generation",
          "separator",
          "system_into_user");

  private final ChatTemplate fallback;
  private final Map<String, ChatTemplate> byModel;

  private ChatTemplates(ChatTemplate fallback, Map<String, ChatTemplate> byModel) {
    this.fallback = fallback;
    this.byModel = Map.copyOf(byModel);
  }

  /**
   * Reads {@code chat_template} and {@code models} from an upstream's options; {@code none} when
   * neither names one.
   *
   * @throws IllegalArgumentException naming the bad option
   */
  public static ChatTemplates from(JsonNode options) {
    ChatTemplate fallback = parse(options.get("chat_template"), "chat_template");
    Map<String, ChatTemplate> byModel = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = options.path("models").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> model = it.next();
      String path = "models." + model.getKey();
      if (!model.getValue().isObject()) {
        throw new IllegalArgumentException(path + ": must be a mapping");
      }
      for (Iterator<String> names = model.getValue().fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!name.equals("chat_template")) {
          throw new IllegalArgumentException(
              path + "." + name + ": unknown option (known: [chat_template])");
        }
      }
      byModel.put(
          model.getKey(), parse(model.getValue().get("chat_template"), path + ".chat_template"));
    }
    return new ChatTemplates(fallback, byModel);
  }

  /** The template for one upstream model name. */
  public ChatTemplate forModel(String upstreamModel) {
    return byModel.getOrDefault(upstreamModel, fallback);
  }

  public static ChatTemplate named(String name) {
    ChatTemplate template = BUILT_IN.get(name);
    if (template == null) {
      throw new IllegalArgumentException(
          "unknown chat template '" + name + "' (known: " + new TreeSet<>(BUILT_IN.keySet()) + ")");
    }
    return template;
  }

  private static ChatTemplate parse(@Nullable JsonNode node, String path) {
    if (node == null || node.isNull()) {
      return named("none");
    }
    if (node.isTextual()) {
      try {
        return named(node.asText());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
      }
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(path + ": must be a template name or a mapping");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!CUSTOM_FIELDS.contains(name)) {
        throw new IllegalArgumentException(
            path + "." + name + ": unknown option (known: " + new TreeSet<>(CUSTOM_FIELDS) + ")");
      }
    }
    Turn user = turn(node.get("user"), EMPTY, path + ".user");
    Turn assistant = turn(node.get("assistant"), EMPTY, path + ".assistant");
    return new ChatTemplate(
        node.path("begin").asText(""),
        turn(node.get("system"), user, path + ".system"),
        user,
        assistant,
        turn(node.get("tool"), user, path + ".tool"),
        node.has("generation") ? node.path("generation").asText() : assistant.prefix(),
        node.path("separator").asText(""),
        node.path("system_into_user").asBoolean(false));
  }

  private static Turn turn(@Nullable JsonNode node, Turn fallback, String path) {
    if (node == null) {
      return fallback;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(path + ": must be a mapping of prefix and suffix");
    }
    return new Turn(node.path("prefix").asText(""), node.path("suffix").asText(""));
  }

  private static Turn chatml(String role) {
    return new Turn("<|im_start|>" + role + "\n", "<|im_end|>\n");
  }

  private static Turn llama3(String role) {
    return new Turn("<|start_header_id|>" + role + "<|end_header_id|>\n\n", "<|eot_id|>");
  }
}

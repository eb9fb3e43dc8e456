package dev.modelgate.provider.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.CanonicalRequest;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.CompletionRequest;
import dev.modelgate.model.Message;
import dev.modelgate.model.Role;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The values a template can use, taken from a chat or completion request. */
final class TemplateVariables {
  /** Every name a template may use; configuration naming another one is refused. */
  static final Set<String> NAMES =
      Set.of(
          "prompt",
          "messages",
          "system",
          "last_user_message",
          "model",
          "max_tokens",
          "temperature",
          "top_p",
          "stop",
          "seed",
          "user",
          "stream");

  private TemplateVariables() {}

  static ObjectNode of(
      CanonicalRequest request,
      String upstreamModel,
      Function<List<Message>, String> format,
      boolean stream) {
    ObjectNode vars = Json.object();
    vars.put("model", upstreamModel);
    vars.put("stream", stream);
    switch (request) {
      case ChatRequest chat -> chat(vars, chat, format);
      case CompletionRequest completion -> completion(vars, completion);
      default -> throw new InvalidRequest("A template upstream does chat and completions", "model");
    }
    return vars;
  }

  private static void chat(
      ObjectNode vars, ChatRequest chat, Function<List<Message>, String> format) {
    vars.put("prompt", format.apply(chat.messages()));
    ArrayNode messages = vars.putArray("messages");
    StringBuilder system = new StringBuilder();
    String lastUser = null;
    for (Message message : chat.messages()) {
      messages.addObject().put("role", message.role().wire()).put("content", message.text());
      if (message.role() == Role.SYSTEM || message.role() == Role.DEVELOPER) {
        system.append(system.isEmpty() ? "" : "\n").append(message.text());
      } else if (message.role() == Role.USER) {
        lastUser = message.text();
      }
    }
    if (!system.isEmpty()) {
      vars.put("system", system.toString());
    }
    if (lastUser != null) {
      vars.put("last_user_message", lastUser);
    }
    putIfSet(vars, "max_tokens", chat.outputLimit());
    if (chat.temperature() != null) {
      vars.put("temperature", chat.temperature());
    }
    if (chat.topP() != null) {
      vars.put("top_p", chat.topP());
    }
    stop(vars, chat.stop());
    if (chat.user() != null) {
      vars.put("user", chat.user());
    }
    fromExtensions(vars, chat.extensions(), "seed");
  }

  private static void completion(ObjectNode vars, CompletionRequest completion) {
    if (completion.prompts().size() != 1) {
      throw new InvalidRequest("A template upstream takes exactly one prompt", "prompt");
    }
    vars.put("prompt", completion.prompts().get(0));
    vars.put("last_user_message", completion.prompts().get(0));
    putIfSet(vars, "max_tokens", completion.maxTokens());
    fromExtensions(vars, completion.extensions(), "temperature", "top_p", "seed", "user");
    JsonNode stop = completion.extensions() == null ? null : completion.extensions().get("stop");
    if (stop != null && stop.isTextual()) {
      stop(vars, List.of(stop.asText()));
    } else if (stop != null && stop.isArray()) {
      vars.set("stop", stop);
    }
  }

  private static void stop(ObjectNode vars, List<String> stop) {
    if (!stop.isEmpty()) {
      ArrayNode array = vars.putArray("stop");
      stop.forEach(array::add);
    }
  }

  private static void putIfSet(ObjectNode vars, String name, @Nullable Integer value) {
    if (value != null) {
      vars.put(name, value);
    }
  }

  private static void fromExtensions(
      ObjectNode vars, @Nullable ObjectNode extensions, String... names) {
    if (extensions == null) {
      return;
    }
    for (String name : names) {
      JsonNode value = extensions.get(name);
      if (value != null && !value.isNull()) {
        vars.set(name, value);
      }
    }
  }
}

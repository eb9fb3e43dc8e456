package dev.modelgate.policy.jsonmode;

import dev.modelgate.codec.Json;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.Message;
import dev.modelgate.model.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages the JSON guarantee adds to a chat: the instruction for targets without structured
 * output (a system message, first), and the corrective turn after an answer that failed.
 */
final class JsonPrompts {
  private JsonPrompts() {}

  static ChatRequest instructed(ChatRequest chat, JsonExpectation expected) {
    String instruction =
        expected.schemaJson() == null
            ? "Answer with a single JSON object only: no prose, no code fences."
            : "Answer with a single JSON value only (no prose, no code fences) that is valid"
                + " against this JSON Schema:\n"
                + Json.MAPPER.valueToTree(expected.schemaJson()).toString();
    List<Message> messages = new ArrayList<>();
    messages.add(Message.of(Role.SYSTEM, instruction));
    messages.addAll(chat.messages());
    return chat.withMessages(messages);
  }

  static ChatRequest corrective(ChatRequest chat, String answer, List<String> problems) {
    List<Message> messages = new ArrayList<>(chat.messages());
    messages.add(Message.of(Role.ASSISTANT, answer));
    messages.add(
        Message.of(
            Role.USER,
            "Your previous answer is not valid JSON for the requested format. Validation errors:\n- "
                + String.join("\n- ", problems)
                + "\nReply again with only the corrected JSON."));
    return chat.withMessages(messages);
  }
}

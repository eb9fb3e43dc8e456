package dev.modelgate.provider.dify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.ContentPart;
import dev.modelgate.model.Message;
import dev.modelgate.model.MessageContent;
import dev.modelgate.model.Role;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One OpenAI chat request as a Dify turn: the last user message is the query, everything before it
 * the history; images by URL become Dify files.
 */
record DifyTurn(String user, List<Message> history, Message question) {

  static DifyTurn of(ChatRequest chat, DifySpec spec) {
    List<Message> messages = chat.messages();
    if (messages.isEmpty() || messages.getLast().role() != Role.USER) {
      throw new InvalidRequest(
          "A Dify app answers a user message: the last message must have the role user",
          "messages");
    }
    String user = chat.user() != null && !chat.user().isBlank() ? chat.user() : spec.defaultUser();
    return new DifyTurn(user, messages.subList(0, messages.size() - 1), messages.getLast());
  }

  /** The query, with earlier turns written before it when Dify has no conversation to recall. */
  String query(boolean foldHistory) {
    if (!foldHistory || history.isEmpty()) {
      return question.text();
    }
    StringBuilder out = new StringBuilder("Conversation so far:\n");
    for (Message message : history) {
      String role =
          message.role() == Role.ASSISTANT
              ? "Assistant"
              : message.role() == Role.USER ? "User" : "System";
      out.append(role).append(": ").append(message.text()).append('\n');
    }
    return out.append("\nUser: ").append(question.text()).toString();
  }

  /** A chat or agent app's {@code /chat-messages} body. */
  byte[] chatBody(
      DifySpec spec,
      @Nullable ObjectNode clientInputs,
      @Nullable String conversationId,
      boolean stream) {
    ObjectNode body = Json.object();
    body.set("inputs", inputs(spec, clientInputs));
    body.put("query", query(conversationId == null));
    body.put("response_mode", stream ? "streaming" : "blocking");
    if (conversationId != null) {
      body.put("conversation_id", conversationId);
    }
    body.put("user", user);
    body.put("auto_generate_name", false);
    ArrayNode files = files();
    if (!files.isEmpty()) {
      body.set("files", files);
    }
    return Json.bytes(body);
  }

  /** A workflow app's {@code /workflows/run} body: the message goes to the query variable. */
  byte[] workflowBody(DifySpec spec, @Nullable ObjectNode clientInputs, boolean stream) {
    ObjectNode inputs = inputs(spec, clientInputs);
    inputs.put(spec.queryInput(), query(true));
    ObjectNode body = Json.object();
    body.set("inputs", inputs);
    body.put("response_mode", stream ? "streaming" : "blocking");
    body.put("user", user);
    return Json.bytes(body);
  }

  private static ObjectNode inputs(DifySpec spec, @Nullable ObjectNode clientInputs) {
    ObjectNode inputs = spec.inputs().deepCopy();
    if (clientInputs != null) {
      inputs.setAll(clientInputs);
    }
    return inputs;
  }

  private ArrayNode files() {
    ArrayNode files = Json.MAPPER.createArrayNode();
    if (question.content() instanceof MessageContent.Parts parts) {
      for (ContentPart part : parts.parts()) {
        if (part instanceof ContentPart.Image image && image.url().startsWith("http")) {
          files
              .addObject()
              .put("type", "image")
              .put("transfer_method", "remote_url")
              .put("url", image.url());
        }
      }
    }
    return files;
  }

  /** The client's {@code inputs} object, sent as an extra body field, if any. */
  static @Nullable ObjectNode clientInputs(ChatRequest chat) {
    JsonNode inputs = chat.extensions() == null ? null : chat.extensions().get("inputs");
    return inputs instanceof ObjectNode object ? object : null;
  }
}

package dev.modelgate.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One conversation message. {@code reasoning} is the model's visible thinking ({@code
 * reasoning_content} on the wire); {@code extensions} keeps every field the model does not name.
 */
public record Message(
    Role role,
    @Nullable MessageContent content,
    @Nullable String name,
    List<ToolCall> toolCalls,
    @Nullable String toolCallId,
    @Nullable String reasoning,
    @Nullable String refusal,
    @Nullable ObjectNode extensions) {

  public Message {
    toolCalls = List.copyOf(toolCalls);
  }

  public static Message of(Role role, String text) {
    return new Message(
        role, new MessageContent.Plain(text), null, List.of(), null, null, null, null);
  }

  /** The text of the content, or the empty string when there is none. */
  public String text() {
    return content == null ? "" : content.text();
  }
}

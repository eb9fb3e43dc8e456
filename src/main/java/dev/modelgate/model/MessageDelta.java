package dev.modelgate.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The increment of one choice in a stream chunk. */
public record MessageDelta(
    @Nullable Role role,
    @Nullable String content,
    @Nullable String reasoning,
    @Nullable String refusal,
    List<ToolCallDelta> toolCalls,
    @Nullable ObjectNode extensions) {

  public MessageDelta {
    toolCalls = List.copyOf(toolCalls);
  }

  public static MessageDelta text(String content) {
    return new MessageDelta(null, content, null, null, List.of(), null);
  }
}

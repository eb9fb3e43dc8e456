package dev.modelgate.provider.echo;

import dev.modelgate.codec.Json;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.ToolCall;
import dev.modelgate.model.ToolChoice;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/** The tool call echo makes when the request forces one. */
final class EchoTools {
  private EchoTools() {}

  static @Nullable ToolCall forcedCall(ChatRequest chat, String text) {
    if (chat.tools().isEmpty()) {
      return null;
    }
    String name =
        switch (chat.toolChoice()) {
          case ToolChoice.Function function -> function.name();
          case ToolChoice.Mode mode when mode.mode().equals("required") ->
              chat.tools().getFirst().name();
          case null, default -> null;
        };
    if (name == null) {
      return null;
    }
    String arguments = Json.object().put("input", text).toString();
    String id = "call_" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    return new ToolCall(id, "function", name, arguments);
  }
}

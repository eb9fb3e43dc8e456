package dev.modelgate.policy.cache;

import dev.modelgate.codec.Json;
import dev.modelgate.codec.OpenAiResponseCodec;
import dev.modelgate.model.AnswerStream;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.CompletionResponse;
import dev.modelgate.model.RelayedBody;
import dev.modelgate.model.ResponseBody;
import dev.modelgate.model.WireProtocol;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** A cached complete answer as a stream: typed answers, and relayed OpenAI chat answers. */
final class CachedStreams {
  private CachedStreams() {}

  static @Nullable ChunkStream of(ResponseBody body) {
    return switch (body) {
      case ChatResponse chat -> AnswerStream.of(chat);
      case CompletionResponse completion -> AnswerStream.of(completion);
      case RelayedBody relayed when relayed.protocol() == WireProtocol.OPENAI ->
          openAiChat(relayed);
      default -> null;
    };
  }

  private static @Nullable ChunkStream openAiChat(RelayedBody relayed) {
    try {
      var root = Json.parse(relayed.json());
      if (!"chat.completion".equals(root.path("object").asText())) {
        return null;
      }
      return AnswerStream.of(OpenAiResponseCodec.decodeChat(root));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}

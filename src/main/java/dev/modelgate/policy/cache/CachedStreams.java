package dev.modelgate.policy.cache;

import dev.modelgate.codec.Json;
import dev.modelgate.codec.OpenAiResponseCodec;
import dev.modelgate.model.AnswerStream;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.ChunkCollector;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.CompletionResponse;
import dev.modelgate.model.RelayedBody;
import dev.modelgate.model.RelayedChunk;
import dev.modelgate.model.ResponseBody;
import dev.modelgate.model.StreamItem;
import dev.modelgate.model.WireProtocol;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A cached answer in the other delivery: a complete one as a stream (typed answers, relayed OpenAI
 * chat answers), a stream as the complete answer it stands for (typed chat and completion chunks,
 * relayed OpenAI chat chunks).
 */
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

  /** The complete answer a cached stream's events make, or null when they cannot be read so. */
  static @Nullable ResponseBody whole(List<StreamItem> items) {
    try {
      if (!items.isEmpty() && items.stream().allMatch(CompletionResponse.class::isInstance)) {
        return ChunkCollector.completion(
            items.stream().map(CompletionResponse.class::cast).toList());
      }
      ChunkCollector chat = new ChunkCollector();
      for (StreamItem item : items) {
        ChatChunk chunk = chatChunk(item);
        if (chunk == null) {
          return null;
        }
        chat.add(chunk);
      }
      return chat.response();
    } catch (IOException | RuntimeException e) {
      return null; // not a stream this reads: the call goes upstream as a miss
    }
  }

  private static @Nullable ChatChunk chatChunk(StreamItem item) throws IOException {
    return switch (item) {
      case ChatChunk chunk -> chunk;
      case RelayedChunk relayed when relayed.protocol() == WireProtocol.OPENAI -> {
        var root = Json.parse(relayed.data());
        yield "chat.completion.chunk".equals(root.path("object").asText())
            ? OpenAiResponseCodec.decodeChunk(root)
            : null;
      }
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

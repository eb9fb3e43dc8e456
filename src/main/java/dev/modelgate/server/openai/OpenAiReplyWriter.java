package dev.modelgate.server.openai;

import dev.modelgate.codec.OpenAiResponseCodec;
import dev.modelgate.codec.RerankCodec;
import dev.modelgate.error.GatewayException;
import dev.modelgate.error.Internal;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.CompletionResponse;
import dev.modelgate.model.EmbeddingResponse;
import dev.modelgate.model.InboundRequest;
import dev.modelgate.model.RelayedBody;
import dev.modelgate.model.RelayedChunk;
import dev.modelgate.model.Reply;
import dev.modelgate.model.RerankResponse;
import dev.modelgate.model.ResponseBody;
import dev.modelgate.model.StreamItem;
import dev.modelgate.model.Usage;
import dev.modelgate.model.WireProtocol;
import dev.modelgate.server.SseRelay;
import dev.modelgate.server.WriteOutcome;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Writes a reply in OpenAI's format: JSON for a complete answer, SSE ending in {@code [DONE]} for a
 * stream.
 */
final class OpenAiReplyWriter {
  private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

  private OpenAiReplyWriter() {}

  static WriteOutcome write(
      Reply reply, InboundRequest request, ServerResponse response, Duration keepAlive) {
    return switch (reply) {
      case Reply.Complete complete -> {
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(body(complete.body(), request));
        yield new WriteOutcome(complete.body().usage(), null, false);
      }
      case Reply.Streaming streaming -> stream(streaming.stream(), request, response, keepAlive);
    };
  }

  private static byte[] body(ResponseBody body, InboundRequest request) {
    return switch (body) {
      case RelayedBody relayed -> {
        if (relayed.protocol() != WireProtocol.OPENAI) {
          throw new Internal(
              "relayed " + relayed.protocol() + " body reached the OpenAI front door", null);
        }
        yield relayed.json();
      }
      case ChatResponse chat -> OpenAiResponseCodec.encodeChat(chat);
      case CompletionResponse completion -> OpenAiResponseCodec.encodeCompletion(completion, false);
      case RerankResponse rerank -> RerankCodec.encode(rerank);
      case EmbeddingResponse embeddings ->
          OpenAiResponseCodec.encodeEmbeddings(
              embeddings, "base64".equals(encodingFormat(request)));
    };
  }

  private static @Nullable String encodingFormat(InboundRequest request) {
    return request.canonical() instanceof dev.modelgate.model.EmbeddingRequest e
        ? e.encodingFormat()
        : null;
  }

  private static WriteOutcome stream(
      ChunkStream stream, InboundRequest request, ServerResponse response, Duration keepAlive) {
    response.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    response.header(HeaderNames.CACHE_CONTROL, "no-cache");
    response.header("X-Accel-Buffering", "no");
    Usage usage = null;
    try (stream;
        SseRelay relay = new SseRelay(response.outputStream(), stream, keepAlive)) {
      try {
        StreamItem item;
        while ((item = stream.next()) != null) {
          if (item.usage() != null) {
            usage = item.usage();
          }
          if (item.usageOnly() && !request.includeUsage()) {
            continue;
          }
          relay.event(null, encode(item));
        }
        relay.event(null, DONE);
        return new WriteOutcome(usage, null, false);
      } catch (GatewayException failure) {
        relay.event(null, OpenAiErrorShape.of(failure).body());
        return new WriteOutcome(usage, failure, false);
      }
    } catch (SseRelay.ClientGone gone) {
      return new WriteOutcome(usage, null, true);
    }
  }

  private static byte[] encode(StreamItem item) {
    return switch (item) {
      case RelayedChunk relayed -> relayed.data();
      case ChatChunk chunk -> OpenAiResponseCodec.encodeChunk(chunk);
      case CompletionResponse completion -> OpenAiResponseCodec.encodeCompletion(completion, true);
    };
  }
}

package dev.modelgate.server.anthropic;

import dev.modelgate.codec.AnthropicMessagesCodec;
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
import dev.modelgate.model.StreamItem;
import dev.modelgate.model.Usage;
import dev.modelgate.model.WireProtocol;
import dev.modelgate.server.SseRelay;
import dev.modelgate.server.WriteOutcome;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;

/**
 * Writes a reply in Anthropic's format: a message, or named SSE events ending in {@code
 * message_stop}.
 */
final class AnthropicReplyWriter {
  private AnthropicReplyWriter() {}

  static WriteOutcome write(
      Reply reply, InboundRequest request, ServerResponse response, Duration keepAlive) {
    return switch (reply) {
      case Reply.Complete complete -> {
        byte[] body =
            switch (complete.body()) {
              case RelayedBody relayed when relayed.protocol() == WireProtocol.ANTHROPIC ->
                  relayed.json();
              case ChatResponse chat -> AnthropicMessagesCodec.encode(chat);
              case RelayedBody relayed ->
                  throw new Internal(
                      "relayed " + relayed.protocol() + " body reached the Anthropic front door",
                      null);
              case CompletionResponse c ->
                  throw new Internal("completion reached the Anthropic front door", null);
              case EmbeddingResponse e ->
                  throw new Internal("embeddings reached the Anthropic front door", null);
              case RerankResponse r ->
                  throw new Internal("rerank reached the Anthropic front door", null);
            };
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(body);
        yield new WriteOutcome(complete.body().usage(), null, false);
      }
      case Reply.Streaming streaming -> stream(streaming.stream(), request, response, keepAlive);
    };
  }

  private static WriteOutcome stream(
      ChunkStream stream, InboundRequest request, ServerResponse response, Duration keepAlive) {
    response.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    response.header(HeaderNames.CACHE_CONTROL, "no-cache");
    response.header("X-Accel-Buffering", "no");
    AnthropicStreamEncoder encoder = new AnthropicStreamEncoder(request.model());
    RelayedBlocks relayed = new RelayedBlocks();
    boolean encoded = false;
    Usage usage = null;
    try (stream;
        SseRelay relay = new SseRelay(response.outputStream(), stream, keepAlive)) {
      try {
        StreamItem item;
        while ((item = stream.next()) != null) {
          if (item.usage() != null) {
            usage = item.usage();
          }
          switch (item) {
            case RelayedChunk chunk -> {
              relayed.saw(chunk);
              relay.event(chunk.event(), chunk.data());
            }
            case ChatChunk chunk -> {
              if (!encoded && relayed.any()) {
                encoder.resumeAfter(relayed.lastBlock(), relayed.textOpen());
              }
              encoded = true;
              encoder.onChunk(chunk).forEach(e -> relay.event(e.name(), e.data()));
            }
            case CompletionResponse c ->
                throw new Internal("completion chunk reached the Anthropic front door", null);
          }
        }
        if (encoded || !relayed.any()) {
          // A Claude upstream's own message_delta and message_stop were relayed already, unless
          // its stream broke and another target's continuation was encoded after it.
          encoder.finish().forEach(e -> relay.event(e.name(), e.data()));
        }
        return new WriteOutcome(usage, null, false);
      } catch (GatewayException failure) {
        relay.event("error", AnthropicErrorShape.of(failure).body());
        return new WriteOutcome(usage, failure, false);
      }
    } catch (SseRelay.ClientGone gone) {
      return new WriteOutcome(usage, null, true);
    }
  }
}

package dev.modelgate.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.error.UpstreamProtocol;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.RelayedChunk;
import dev.modelgate.model.StreamItem;
import dev.modelgate.model.Usage;
import dev.modelgate.model.WireProtocol;
import dev.modelgate.provider.common.SseEvent;
import dev.modelgate.provider.common.SseEventReader;
import dev.modelgate.provider.common.UpstreamJson;
import dev.modelgate.upstream.UpstreamResponse;
import org.jspecify.annotations.Nullable;

/**
 * A Claude stream relayed to an Anthropic client event by event. Only {@code message_start} is
 * rewritten (the public model name); usage is read from it and from {@code message_delta}; an
 * {@code error} event fails the stream; one that ends before {@code message_stop} is truncated.
 */
final class AnthropicRelayStream implements ChunkStream {
  private final UpstreamResponse response;
  private final SseEventReader reader;
  private final String publicModel;
  private @Nullable JsonNode startUsage;
  private boolean done;

  AnthropicRelayStream(UpstreamResponse response, String publicModel) {
    this.response = response;
    this.reader = new SseEventReader(response::read);
    this.publicModel = publicModel;
  }

  @Override
  public @Nullable StreamItem next() {
    if (done) {
      return null;
    }
    SseEvent event = reader.next();
    if (event == null) {
      done = true;
      throw new UpstreamProtocol("Upstream stream ended before message_stop", null);
    }
    String name = event.event() == null ? "message" : event.event();
    byte[] data = event.data();
    Usage usage = null;
    switch (name) {
      case "message_start" -> {
        ObjectNode root = parse(data);
        if (root.path("message") instanceof ObjectNode message) {
          message.put("model", publicModel);
          startUsage = message.path("usage");
        }
        data = Json.bytes(root);
      }
      case "message_delta" ->
          usage = AnthropicResponses.usage(parse(data).path("usage"), startUsage);
      case "message_stop" -> {
        done = true;
        response.closeAtEnd();
      }
      case "error" -> {
        done = true;
        throw AnthropicErrors.fromStreamError(parse(data));
      }
      default -> {
        // content blocks and pings pass as they are
      }
    }
    return new RelayedChunk(WireProtocol.ANTHROPIC, name, data, usage, false);
  }

  private static ObjectNode parse(byte[] data) {
    if (UpstreamJson.parse(data) instanceof ObjectNode object) {
      return object;
    }
    throw new UpstreamProtocol("Upstream sent an event that is not a JSON object", null);
  }

  @Override
  public void close() {
    done = true;
    response.close();
  }
}

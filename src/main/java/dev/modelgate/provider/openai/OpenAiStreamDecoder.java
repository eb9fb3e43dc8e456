package dev.modelgate.provider.openai;

import dev.modelgate.codec.OpenAiResponseCodec;
import dev.modelgate.error.UpstreamProtocol;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.RelayedChunk;
import dev.modelgate.model.StreamItem;
import dev.modelgate.model.WireProtocol;
import dev.modelgate.provider.common.SseEvent;
import dev.modelgate.provider.common.SseEventReader;
import dev.modelgate.upstream.UpstreamResponse;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * An OpenAI-compatible SSE stream as stream items: relayed bytes for OpenAI clients, typed chunks
 * for clients of other protocols. A stream that ends without {@code [DONE]} is a truncated stream
 * and fails; a {@code data: {"error":...}} event fails the stream with the upstream's error.
 */
final class OpenAiStreamDecoder implements ChunkStream {
  private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

  private final UpstreamResponse response;
  private final SseEventReader reader;
  private final OpenAiReplyShaper shaper;
  private final boolean relay;
  private final String publicModel;
  private boolean done;

  OpenAiStreamDecoder(
      UpstreamResponse response, OpenAiReplyShaper shaper, boolean relay, String publicModel) {
    this.response = response;
    this.reader = new SseEventReader(response::read);
    this.shaper = shaper;
    this.relay = relay;
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
      throw new UpstreamProtocol("Upstream stream ended before [DONE]", null);
    }
    if (event.dataIs(DONE)) {
      done = true;
      response.closeAtEnd();
      return null;
    }
    byte[] data = event.data();
    if (OpenAiReplyShaper.mayBeError(data)) {
      var root = OpenAiReplyShaper.parse(data);
      if (root.has("error") && !root.has("choices")) {
        done = true;
        throw OpenAiErrors.fromStreamError(root);
      }
    }
    if (relay) {
      OpenAiReplyShaper.Shaped shaped = shaper.shape(data);
      return new RelayedChunk(
          WireProtocol.OPENAI, null, shaped.json(), shaped.usage(), shaped.usageOnly());
    }
    ChatChunk chunk =
        OpenAiResponseCodec.decodeChunk(OpenAiReplyShaper.parse(shaper.shape(data).json()));
    return new ChatChunk(
        chunk.id(),
        chunk.created(),
        publicModel,
        chunk.choices(),
        chunk.usage(),
        chunk.systemFingerprint(),
        chunk.extensions());
  }

  @Override
  public void close() {
    done = true;
    response.close();
  }
}

package dev.modelgate.chain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.AnswerDeltas;
import dev.modelgate.codec.Json;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.CompletionResponse;
import dev.modelgate.model.InboundRequest;
import dev.modelgate.model.Operation;
import dev.modelgate.model.RelayedChunk;
import dev.modelgate.model.StreamItem;
import dev.modelgate.model.Usage;
import dev.modelgate.provider.common.TokenEstimate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A stream that ends with usage whatever the upstream did: when it ended without any, one more
 * usage-only event (empty choices, as OpenAI sends it) with counts estimated from the prompt and
 * the streamed text. Relayed events are only kept by reference while the stream runs and read at
 * the end if needed, so a stream that carries usage costs no parsing.
 */
final class UsageFillingStream implements ChunkStream {
  /**
   * Text kept for counting; beyond it the rest is estimated at 4 characters a token, so a long
   * stream without usage neither fills memory nor costs a long tokenizer run at its end.
   */
  private static final int COUNTED_LIMIT = 64 * 1024;

  private final ChunkStream upstream;
  private final InboundRequest request;
  // Asked at the end: by then the call knows which target answered.
  private final Supplier<TokenEstimate> tokens;
  private final StringBuilder typedText = new StringBuilder();
  private final List<RelayedChunk> relayed = new ArrayList<>();
  private boolean sawUsage;
  private int kept;
  private long uncounted;
  private boolean done;
  private @Nullable StreamItem last;

  UsageFillingStream(ChunkStream upstream, InboundRequest request, Supplier<TokenEstimate> tokens) {
    this.upstream = upstream;
    this.request = request;
    this.tokens = tokens;
  }

  @Override
  public @Nullable StreamItem next() {
    if (done) {
      return null;
    }
    StreamItem item = upstream.next();
    if (item == null) {
      done = true;
      return sawUsage || last == null ? null : usageItem(last);
    }
    if (item.usage() != null) {
      sawUsage = true;
      relayed.clear();
    } else if (!sawUsage) {
      if (item instanceof RelayedChunk chunk) {
        if (kept + chunk.data().length <= COUNTED_LIMIT) {
          kept += chunk.data().length;
          relayed.add(chunk);
        } else {
          uncounted += chunk.data().length;
        }
      } else {
        String delta = AnswerDeltas.all(item);
        if (delta != null && kept + delta.length() <= COUNTED_LIMIT) {
          kept += delta.length();
          typedText.append(delta);
        } else if (delta != null) {
          uncounted += delta.length();
        }
      }
    }
    last = item;
    return item;
  }

  private @Nullable StreamItem usageItem(StreamItem lastItem) {
    StringBuilder text = new StringBuilder(typedText);
    for (RelayedChunk chunk : relayed) {
      String delta = AnswerDeltas.all(chunk);
      if (delta != null) {
        text.append(delta);
      }
    }
    Usage counted = UsageGuarantee.estimate(request, text.toString(), tokens.get());
    long completion = counted.completionTokens() + uncounted / 4;
    Usage usage =
        new Usage(
            counted.promptTokens(),
            completion,
            counted.promptTokens() + completion,
            null,
            null,
            true,
            null);
    return switch (lastItem) {
      case ChatChunk chunk ->
          new ChatChunk(chunk.id(), chunk.created(), chunk.model(), List.of(), usage, null, null);
      case CompletionResponse c ->
          new CompletionResponse(c.id(), c.created(), c.model(), List.of(), usage);
      case RelayedChunk chunk -> fromRelayed(chunk, usage);
    };
  }

  /** The usage event for a relayed OpenAI stream, named like the stream's own events. */
  private @Nullable StreamItem fromRelayed(RelayedChunk chunk, Usage usage) {
    if (chunk.protocol() != dev.modelgate.model.WireProtocol.OPENAI) {
      return null; // Anthropic streams carry usage in message_start and message_delta
    }
    JsonNode root;
    try {
      root = Json.parse(chunk.data());
    } catch (IOException e) {
      return null;
    }
    String id = root.path("id").asText("");
    long created = root.path("created").asLong(0);
    String model = root.path("model").asText(request.model());
    return request.operation() == Operation.COMPLETION
        ? new CompletionResponse(id, created, model, List.of(), usage)
        : new ChatChunk(id, created, model, List.of(), usage, null, null);
  }

  @Override
  public void close() {
    upstream.close();
  }
}

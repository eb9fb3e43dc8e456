package dev.modelgate.policy.cache;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.codec.Json;
import dev.modelgate.model.ChatChunk;
import dev.modelgate.model.ChatResponse;
import dev.modelgate.model.CompletionResponse;
import dev.modelgate.model.ContentPart;
import dev.modelgate.model.EmbeddingResponse;
import dev.modelgate.model.MessageContent;
import dev.modelgate.model.RelayedBody;
import dev.modelgate.model.RelayedChunk;
import dev.modelgate.model.RerankResponse;
import dev.modelgate.model.ResponseBody;
import dev.modelgate.model.StreamItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A cached answer as bytes for a shared tier and back: JSON of the model's records, with a type
 * name where the model has a choice of records (set here by mix-ins, so the model stays free of
 * serialization annotations). Only the named records are ever read back.
 */
final class CachedAnswerCodec {
  private static final String TYPE = "@type";

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = TYPE)
  @JsonSubTypes({
    @JsonSubTypes.Type(value = ChatResponse.class, name = "chat"),
    @JsonSubTypes.Type(value = CompletionResponse.class, name = "completion"),
    @JsonSubTypes.Type(value = EmbeddingResponse.class, name = "embedding"),
    @JsonSubTypes.Type(value = RerankResponse.class, name = "rerank"),
    @JsonSubTypes.Type(value = RelayedBody.class, name = "relayed")
  })
  private interface BodyTypes {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = TYPE)
  @JsonSubTypes({
    @JsonSubTypes.Type(value = ChatChunk.class, name = "chat"),
    @JsonSubTypes.Type(value = CompletionResponse.class, name = "completion"),
    @JsonSubTypes.Type(value = RelayedChunk.class, name = "relayed")
  })
  private interface ItemTypes {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = TYPE)
  @JsonSubTypes({
    @JsonSubTypes.Type(value = MessageContent.Plain.class, name = "plain"),
    @JsonSubTypes.Type(value = MessageContent.Parts.class, name = "parts")
  })
  private interface ContentTypes {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = TYPE)
  @JsonSubTypes({
    @JsonSubTypes.Type(value = ContentPart.Text.class, name = "text"),
    @JsonSubTypes.Type(value = ContentPart.Image.class, name = "image"),
    @JsonSubTypes.Type(value = ContentPart.Audio.class, name = "audio"),
    @JsonSubTypes.Type(value = ContentPart.Other.class, name = "other")
  })
  private interface PartTypes {}

  /** What is written: when it was stored, and either the whole body or the stream's events. */
  private record Envelope(
      String storedAt, @Nullable ResponseBody body, @Nullable List<StreamItem> items) {}

  // Nulls are left out: a JSON null read back into a JsonNode field would be a NullNode, not null.
  private static final ObjectMapper MAPPER =
      Json.MAPPER
          .copy()
          .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
          .addMixIn(ResponseBody.class, BodyTypes.class)
          .addMixIn(StreamItem.class, ItemTypes.class)
          .addMixIn(MessageContent.class, ContentTypes.class)
          .addMixIn(ContentPart.class, PartTypes.class);

  private CachedAnswerCodec() {}

  static byte[] encode(CachedAnswer answer) {
    Envelope envelope =
        switch (answer) {
          case CachedAnswer.Whole whole ->
              new Envelope(whole.storedAt().toString(), whole.body(), null);
          case CachedAnswer.Streamed streamed ->
              new Envelope(streamed.storedAt().toString(), null, streamed.items());
        };
    try {
      return MAPPER.writeValueAsBytes(envelope);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The answer in {@code bytes}; an {@link IOException} when they are not one (another version).
   */
  static CachedAnswer decode(byte[] bytes) throws IOException {
    Envelope envelope = MAPPER.readValue(bytes, Envelope.class);
    Instant storedAt = Instant.parse(envelope.storedAt());
    if (envelope.body() != null) {
      return new CachedAnswer.Whole(envelope.body(), storedAt);
    }
    if (envelope.items() != null) {
      return new CachedAnswer.Streamed(envelope.items(), storedAt);
    }
    throw new IOException("a cached answer without a body or events");
  }
}

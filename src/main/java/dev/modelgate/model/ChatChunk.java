package dev.modelgate.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One chunk of a streamed chat answer; the last one may carry only usage. */
public record ChatChunk(
    String id,
    long created,
    String model,
    List<ChunkChoice> choices,
    @Nullable Usage usage,
    @Nullable String systemFingerprint,
    @Nullable ObjectNode extensions)
    implements StreamItem {
  /**
   * The extension with a JSON-format stream's verdict on a choice (the JSON guarantee): a top-level
   * field of the OpenAI chunk that finishes the choice, of the Anthropic {@code message_delta}.
   */
  public static final String JSON_VERDICT = "modelgate_json";

  public ChatChunk {
    choices = List.copyOf(choices);
  }

  /** The same chunk with {@code other} as its choices. */
  public ChatChunk withChoices(List<ChunkChoice> other) {
    return new ChatChunk(id, created, model, other, usage, systemFingerprint, extensions);
  }

  @Override
  public boolean usageOnly() {
    return choices.isEmpty() && usage != null;
  }
}

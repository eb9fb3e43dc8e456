package dev.modelgate.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A complete chat response. */
public record ChatResponse(
    String id,
    long created,
    String model,
    List<ChatChoice> choices,
    @Nullable Usage usage,
    @Nullable String systemFingerprint,
    @Nullable ObjectNode extensions)
    implements ResponseBody {

  public ChatResponse {
    choices = List.copyOf(choices);
  }
}

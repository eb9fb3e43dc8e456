package dev.modelgate.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A text completion, complete or as one stream chunk (the wire shape is the same). */
public record CompletionResponse(
    String id, long created, String model, List<CompletionChoice> choices, @Nullable Usage usage)
    implements ResponseBody, StreamItem {

  public CompletionResponse {
    choices = List.copyOf(choices);
  }

  @Override
  public boolean usageOnly() {
    return choices.isEmpty() && usage != null;
  }
}

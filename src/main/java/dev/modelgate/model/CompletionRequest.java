package dev.modelgate.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A legacy text completion request; token-array prompts stay in {@code extensions}. */
public record CompletionRequest(
    String model,
    List<String> prompts,
    boolean stream,
    boolean includeUsage,
    @Nullable Integer maxTokens,
    @Nullable ObjectNode extensions)
    implements CanonicalRequest {

  public CompletionRequest {
    prompts = List.copyOf(prompts);
  }
}

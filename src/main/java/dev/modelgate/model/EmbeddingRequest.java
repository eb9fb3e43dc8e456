package dev.modelgate.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** An embeddings request over one or more text inputs. */
public record EmbeddingRequest(
    String model,
    List<String> inputs,
    @Nullable String encodingFormat,
    @Nullable Integer dimensions,
    @Nullable ObjectNode extensions)
    implements CanonicalRequest {

  public EmbeddingRequest {
    inputs = List.copyOf(inputs);
  }
}

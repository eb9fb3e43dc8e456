package dev.modelgate.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/** A decoded client request of any operation. */
public sealed interface CanonicalRequest
    permits ChatRequest, CompletionRequest, EmbeddingRequest, RerankRequest {
  String model();

  @Nullable ObjectNode extensions();
}

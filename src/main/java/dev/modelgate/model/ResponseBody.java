package dev.modelgate.model;

/** A complete (non-streamed) answer, typed or relayed as the upstream sent it. */
public sealed interface ResponseBody
    permits ChatResponse, CompletionResponse, EmbeddingResponse, RerankResponse, RelayedBody {

  /** Token counts, when known. */
  @org.jspecify.annotations.Nullable
  Usage usage();
}

package dev.modelgate.model;

/** What a request asks a model to do; routing and capabilities check it up front. */
public enum Operation {
  CHAT,
  COMPLETION,
  EMBEDDING,
  /** Ordering documents by relevance to a query ({@code /v1/rerank}). */
  RERANK,
  /** Anthropic's {@code /v1/messages/count_tokens}: only upstreams that have it can answer. */
  COUNT_TOKENS
}

package dev.modelgate.model;

/** What a request asks a model to do; routing and capabilities check it up front. */
public enum Operation {
  CHAT,
  COMPLETION,
  EMBEDDING,
  /** Anthropic's {@code /v1/messages/count_tokens}: only upstreams that have it can answer. */
  COUNT_TOKENS
}

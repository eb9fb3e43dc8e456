package dev.modelgate.model;

import java.util.Locale;

/** What a request asks a model to do; routing and capabilities check it up front. */
public enum Operation {
  CHAT,
  COMPLETION,
  EMBEDDING,
  /** Ordering documents by relevance to a query ({@code /v1/rerank}). */
  RERANK,
  /** Anthropic's {@code /v1/messages/count_tokens}: only upstreams that have it can answer. */
  COUNT_TOKENS;

  private final String label = name().toLowerCase(Locale.ROOT);

  /**
   * Its name in lower case ({@code chat}, {@code count_tokens}): the metrics' {@code operation}
   * label, the usage records' operation and the names {@code operation_scopes} uses.
   */
  public String label() {
    return label;
  }
}

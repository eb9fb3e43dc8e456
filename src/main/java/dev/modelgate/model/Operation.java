package dev.modelgate.model;

/** What a request asks a model to do; routing and capabilities check it up front. */
public enum Operation {
  CHAT,
  COMPLETION,
  EMBEDDING
}

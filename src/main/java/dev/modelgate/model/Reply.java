package dev.modelgate.model;

/**
 * What the chain returns: a complete answer, or a stream the front door pulls from and must close.
 * Lives in the model (not the chain) because providers produce it and may not see the chain.
 */
public sealed interface Reply {

  /** A complete answer. */
  record Complete(ResponseBody body) implements Reply {}

  /** A streamed answer; closing it cancels the upstream request. */
  record Streaming(ChunkStream stream) implements Reply {}
}

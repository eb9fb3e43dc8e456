package dev.modelgate.model;

import org.jspecify.annotations.Nullable;

/** One event of a streamed answer, typed or relayed as the upstream sent it. */
public sealed interface StreamItem permits ChatChunk, CompletionResponse, RelayedChunk {

  /** Token counts carried by this event, when it carries them. */
  @Nullable Usage usage();

  /**
   * Whether the event carries only usage (OpenAI's last chunk with empty choices): written only to
   * clients that asked for usage, counted always.
   */
  boolean usageOnly();
}

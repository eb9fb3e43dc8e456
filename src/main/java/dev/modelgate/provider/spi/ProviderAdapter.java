package dev.modelgate.provider.spi;

import dev.modelgate.model.Reply;

/**
 * One configured upstream endpoint of one provider type. {@link #send} encodes the request in the
 * upstream's wire format, performs the exchange on the pooled client, and decodes the answer; for a
 * stream it returns as soon as the response headers arrived (Dispatch reads the first item).
 * Failures are {@link dev.modelgate.error.GatewayException}s; adapters emit no events.
 */
public interface ProviderAdapter {
  Capabilities capabilities();

  Reply send(Invocation invocation);

  /**
   * The most embedding inputs the upstream takes in one request; larger batches are split and
   * re-joined by the gateway. Unlimited unless the provider knows its upstream's limit.
   */
  default int maxEmbeddingBatch() {
    return Integer.MAX_VALUE;
  }

  /**
   * Whether the upstream continues a final assistant message instead of starting a new answer (the
   * request's last message is an assistant message marked {@link #PREFIX}), which lets a stream
   * broken on another target go on here.
   */
  default boolean continuesAssistantPrefix() {
    return false;
  }

  /** The extension field that marks a final assistant message as a prefix to continue. */
  String PREFIX = "prefix";
}

package dev.modelgate.provider.spi;

import dev.modelgate.model.Reply;
import dev.modelgate.model.WireProtocol;

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

  /**
   * Whether a request in {@code protocol}'s wire format, unchanged by any policy, goes to the
   * upstream as the client sent it (Claude for Anthropic's API): the client's own options, such as
   * its structured output, then work natively.
   */
  default boolean relays(WireProtocol protocol) {
    return false;
  }

  /**
   * The provider's name in traces and metrics ({@code gen_ai.provider.name}): by default the
   * adapter's class name without "Adapter", lower case ({@code OpenAiAdapter} is {@code openai}), a
   * small fixed set, so it is safe as a metric label.
   */
  default String providerName() {
    String name = getClass().getSimpleName();
    if (name.endsWith("Adapter")) {
      name = name.substring(0, name.length() - "Adapter".length());
    }
    return name.isEmpty() ? "custom" : name.toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Counts the tokens of a text as the upstream's model does, for usage the upstream left out; null
   * (the default) leaves that to the gateway's o200k estimate.
   */
  default java.util.function.@org.jspecify.annotations.Nullable ToLongFunction<String>
      tokenCounter() {
    return null;
  }

  /** The extension field that marks a final assistant message as a prefix to continue. */
  String PREFIX = "prefix";
}

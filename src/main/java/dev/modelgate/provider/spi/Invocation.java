package dev.modelgate.provider.spi;

import dev.modelgate.model.InboundRequest;
import dev.modelgate.upstream.Timeouts;

/**
 * One attempt handed to an adapter: the client's request, the model names on both sides, and the
 * attempt's timeouts.
 *
 * @param publicModel the name the client used; replies carry it back
 * @param upstreamModel the name the upstream knows the model by
 */
public record Invocation(
    InboundRequest request, String publicModel, String upstreamModel, Timeouts timeouts) {}

package dev.modelgate.model;

import org.jspecify.annotations.Nullable;

/**
 * A stream event already in the client's protocol (the relay fast path). {@code data} is the JSON
 * of one event; {@code event} its SSE event name where the protocol uses them.
 */
public record RelayedChunk(
    WireProtocol protocol,
    @Nullable String event,
    byte[] data,
    @Nullable Usage usage,
    boolean usageOnly)
    implements StreamItem {}

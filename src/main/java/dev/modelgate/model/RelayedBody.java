package dev.modelgate.model;

import org.jspecify.annotations.Nullable;

/**
 * A response body already in the client's protocol (the relay fast path): written as is. {@code
 * usage} is read from it for accounting.
 */
public record RelayedBody(WireProtocol protocol, byte[] json, @Nullable Usage usage)
    implements ResponseBody {}

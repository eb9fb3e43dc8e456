package dev.modelgate.model;

import org.jspecify.annotations.Nullable;

/**
 * A streamed fragment of a tool call. The first fragment of a call carries id, type and name; later
 * ones only the index and more of the arguments string.
 */
public record ToolCallDelta(
    int index,
    @Nullable String id,
    @Nullable String type,
    @Nullable String name,
    @Nullable String arguments) {}

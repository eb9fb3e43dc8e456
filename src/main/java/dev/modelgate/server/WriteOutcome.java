package dev.modelgate.server;

import dev.modelgate.error.GatewayException;
import dev.modelgate.model.Usage;
import org.jspecify.annotations.Nullable;

/**
 * What a front door wrote: the usage seen, the error that ended a stream early, a client that left.
 */
public record WriteOutcome(
    @Nullable Usage usage, @Nullable GatewayException streamFailure, boolean clientGone) {}

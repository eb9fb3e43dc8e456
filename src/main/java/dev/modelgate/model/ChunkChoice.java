package dev.modelgate.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/** One choice's part of a stream chunk. */
public record ChunkChoice(
    int index,
    MessageDelta delta,
    @Nullable FinishReason finishReason,
    @Nullable JsonNode logprobs) {}

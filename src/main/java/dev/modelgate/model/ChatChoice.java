package dev.modelgate.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/** One choice of a complete chat response. */
public record ChatChoice(
    int index, Message message, @Nullable FinishReason finishReason, @Nullable JsonNode logprobs) {}

package dev.modelgate.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/** One choice of a text completion. */
public record CompletionChoice(
    int index, String text, @Nullable FinishReason finishReason, @Nullable JsonNode logprobs) {}

package dev.modelgate.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * Token counts of one call. {@code estimated} marks counts the gateway computed because the
 * upstream sent none; {@code extensions} keeps provider detail fields the model does not name.
 */
public record Usage(
    long promptTokens,
    long completionTokens,
    long totalTokens,
    @Nullable Long cachedTokens,
    @Nullable Long reasoningTokens,
    boolean estimated,
    @Nullable ObjectNode extensions) {

  public static Usage of(long prompt, long completion) {
    return new Usage(prompt, completion, prompt + completion, null, null, false, null);
  }
}

package dev.modelgate.model;

import org.jspecify.annotations.Nullable;

/** Why a choice ended, in OpenAI's vocabulary; every provider maps its own reasons onto these. */
public enum FinishReason {
  STOP("stop"),
  LENGTH("length"),
  TOOL_CALLS("tool_calls"),
  CONTENT_FILTER("content_filter"),
  FUNCTION_CALL("function_call");

  private final String wire;

  FinishReason(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** The reason for an OpenAI wire value; unknown values end the choice normally. */
  public static @Nullable FinishReason fromWire(@Nullable String value) {
    if (value == null) {
      return null;
    }
    for (FinishReason reason : values()) {
      if (reason.wire.equals(value)) {
        return reason;
      }
    }
    return STOP;
  }
}

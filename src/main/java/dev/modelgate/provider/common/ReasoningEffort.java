package dev.modelgate.provider.common;

import org.jspecify.annotations.Nullable;

/**
 * OpenAI's reasoning efforts and Anthropic's thinking budgets, one table both ways: a client that
 * asks one way reaches a server that is asked the other.
 */
public final class ReasoningEffort {
  private static final int LOW = 1024;
  private static final int MEDIUM = 4096;
  private static final int HIGH = 16384;

  private ReasoningEffort() {}

  /** The thinking budget, in tokens, for an effort; null for none or one not known. */
  public static @Nullable Integer budget(@Nullable String effort) {
    if (effort == null) {
      return null;
    }
    return switch (effort) {
      case "low", "minimal" -> LOW;
      case "medium" -> MEDIUM;
      case "high", "xhigh", "max" -> HIGH;
      default -> null;
    };
  }

  /** The effort for a budget of {@code budget} tokens: the highest one whose budget it reaches. */
  public static String of(int budget) {
    if (budget < MEDIUM) {
      return "low";
    }
    return budget < HIGH ? "medium" : "high";
  }
}

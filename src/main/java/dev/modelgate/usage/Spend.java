package dev.modelgate.usage;

import java.math.BigDecimal;

/** Tokens (prompt and completion) and cost spent in one period. */
public record Spend(long tokens, BigDecimal cost) {
  public static final Spend ZERO = new Spend(0, BigDecimal.ZERO);

  public Spend plus(long moreTokens, BigDecimal moreCost) {
    return new Spend(tokens + moreTokens, cost.add(moreCost));
  }
}

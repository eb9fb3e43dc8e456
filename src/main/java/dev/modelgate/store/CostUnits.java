package dev.modelgate.store;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Costs are stored as whole billionths of the currency unit: exact sums on every database (SQLite
 * has no exact decimal type), and fine enough for per-token prices (0.075 per 1M tokens is 75).
 */
final class CostUnits {
  private static final int SCALE = 9;

  private CostUnits() {}

  static long toNanos(BigDecimal cost) {
    return cost.setScale(SCALE, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
  }

  static BigDecimal fromNanos(long nanos) {
    return BigDecimal.valueOf(nanos, SCALE).stripTrailingZeros();
  }
}

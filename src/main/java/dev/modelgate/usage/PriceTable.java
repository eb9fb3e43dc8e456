package dev.modelgate.usage;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The configured prices, in one currency. A call is priced by its upstream model name first (what
 * the provider bills), then by the public name; an exact name wins over a prefix, a longer prefix
 * over a shorter one. Costs are exact decimals: no rounding until the store keeps billionths.
 */
public record PriceTable(String currency, List<ModelPrice> prices) {
  public static final PriceTable NONE = new PriceTable("USD", List.of());
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  public PriceTable {
    prices = List.copyOf(prices);
  }

  /** The price of the first name that has one, or null. */
  public @Nullable ModelPrice find(@Nullable String... names) {
    for (String name : names) {
      if (name == null) {
        continue;
      }
      ModelPrice best = null;
      for (ModelPrice price : prices) {
        if (price.matches(name) && (best == null || more(price, best))) {
          best = price;
        }
      }
      if (best != null) {
        return best;
      }
    }
    return null;
  }

  private static boolean more(ModelPrice candidate, ModelPrice best) {
    boolean exact = !candidate.model().endsWith("*");
    boolean bestExact = !best.model().endsWith("*");
    if (exact != bestExact) {
      return exact;
    }
    return candidate.model().length() > best.model().length();
  }

  /**
   * The cost of {@code prompt} input tokens (of which {@code cached} were served from the
   * upstream's prompt cache) and {@code completion} output tokens at {@code price}.
   */
  public static BigDecimal cost(ModelPrice price, long prompt, long cached, long completion) {
    long cachedPart = Math.min(Math.max(cached, 0), prompt);
    BigDecimal perMillion =
        price
            .input()
            .multiply(BigDecimal.valueOf(prompt - cachedPart))
            .add(price.cachedInputOrInput().multiply(BigDecimal.valueOf(cachedPart)))
            .add(price.output().multiply(BigDecimal.valueOf(completion)));
    return perMillion.divide(MILLION, MathContext.UNLIMITED);
  }
}

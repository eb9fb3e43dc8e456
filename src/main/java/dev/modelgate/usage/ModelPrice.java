package dev.modelgate.usage;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * A model's prices per one million tokens: input (prompt), output (completion) and cached input
 * (prompt tokens the upstream served from its prompt cache; the input price when not given). {@code
 * model} is a name, or a prefix ending in {@code *}.
 */
public record ModelPrice(
    String model, BigDecimal input, BigDecimal output, @Nullable BigDecimal cachedInput) {

  public BigDecimal cachedInputOrInput() {
    return cachedInput != null ? cachedInput : input;
  }

  boolean matches(String name) {
    return model.endsWith("*")
        ? name.startsWith(model.substring(0, model.length() - 1))
        : model.equals(name);
  }
}

package dev.modelgate.provider.spi;

import dev.modelgate.upstream.Timeouts;
import org.jspecify.annotations.Nullable;

/**
 * An adapter whose server says itself whether it can serve (a readiness endpoint), so a health
 * check need not spend a generation on it. Optional: adapters without one are probed with a tiny
 * real request. Implemented by tgi ({@code GET /health}) and triton ({@code GET /v2/health/ready}
 * and {@code GET /v2/models/{model}/ready}).
 */
public interface HealthProbe {
  /**
   * Asks the server once, blocking; false for any answer but ready, including an unreachable
   * server. Never throws for an upstream failure.
   *
   * @param model an upstream model name a route sends to this endpoint, checked too when the server
   *     can check one model; null checks the server only
   */
  boolean ready(@Nullable String model, Timeouts timeouts);
}

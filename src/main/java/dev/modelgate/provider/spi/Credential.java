package dev.modelgate.provider.spi;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The secret an adapter authenticates to its upstream with: a fixed key, or a short-lived token
 * that is fetched, cached and refreshed before it expires. Never printed.
 */
public interface Credential {
  /** The current secret; may fetch a fresh token (blocking). */
  String value();

  /** Whether {@link #invalidate} can yield a different value (a token, not a fixed key). */
  default boolean refreshable() {
    return false;
  }

  /**
   * The upstream refused {@code staleValue}: forget it so the next {@link #value()} fetches anew.
   */
  default void invalidate(String staleValue) {}

  /**
   * The upstream answered 401 to {@code value}: whether another value is worth one more try now (a
   * vault credential whose rotated-out value is still in its grace period switches to it).
   */
  default boolean unauthorized(String value) {
    return false;
  }

  /**
   * The upstream refused {@code value} with a 401 or a 429 ({@code retryAfter} when it said how
   * long to wait): a pool of keys puts the key aside for a while. Returns whether another value is
   * available now, worth sending the request again with.
   */
  default boolean refused(String value, @Nullable Duration retryAfter) {
    return false;
  }

  /** A fixed key. */
  static Credential of(Secret secret) {
    return new Credential() {
      @Override
      public String value() {
        return secret.value();
      }

      @Override
      public String toString() {
        return "Credential[<redacted>]";
      }
    };
  }
}

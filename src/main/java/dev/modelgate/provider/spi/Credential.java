package dev.modelgate.provider.spi;

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

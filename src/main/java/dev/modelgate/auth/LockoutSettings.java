package dev.modelgate.auth;

import java.time.Duration;

/**
 * {@code failures} failed authentications from one address within {@code window} lock it out for
 * {@code lockout}; {@code failures} 0 turns the lockout off.
 */
public record LockoutSettings(int failures, Duration window, Duration lockout) {
  public static final LockoutSettings DEFAULT =
      new LockoutSettings(10, Duration.ofMinutes(1), Duration.ofMinutes(5));

  public boolean enabled() {
    return failures > 0;
  }
}

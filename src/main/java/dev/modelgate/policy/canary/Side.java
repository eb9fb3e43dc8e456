package dev.modelgate.policy.canary;

import java.util.Locale;

/** The two sides of a canary. */
public enum Side {
  STABLE,
  CANDIDATE;

  /** The lower-case name used in headers, metrics and the admin view. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

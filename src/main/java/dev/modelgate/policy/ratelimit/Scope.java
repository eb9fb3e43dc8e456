package dev.modelgate.policy.ratelimit;

import java.util.Locale;

/** Whose limit: the metric label and the word in messages and in the scope header. */
public enum Scope {
  KEY,
  TEAM,
  USER,
  MODEL,
  ROUTE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

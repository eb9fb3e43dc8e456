package dev.modelgate.usage;

import java.util.Locale;

/** Whose spend is counted: a key (by its id), a team or a user (the key's owner, a JWT's user). */
public record SpendSubject(Kind kind, String id) {
  public enum Kind {
    KEY,
    TEAM,
    USER;

    public String lowerName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Override
  public String toString() {
    return kind.lowerName() + " '" + id + "'";
  }
}

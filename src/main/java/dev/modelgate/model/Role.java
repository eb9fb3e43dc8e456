package dev.modelgate.model;

import org.jspecify.annotations.Nullable;

/** A message author, as OpenAI names them on the wire. */
public enum Role {
  SYSTEM("system"),
  DEVELOPER("developer"),
  USER("user"),
  ASSISTANT("assistant"),
  TOOL("tool"),
  FUNCTION("function");

  private final String wire;

  Role(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static @Nullable Role fromWire(String value) {
    for (Role role : values()) {
      if (role.wire.equals(value)) {
        return role;
      }
    }
    return null;
  }
}

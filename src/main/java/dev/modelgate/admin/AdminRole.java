package dev.modelgate.admin;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What an administrator may do: each role is a fixed set of {@link Permission}s. */
public enum AdminRole {
  /** Everything, including managing admin users. */
  ADMIN(EnumSet.allOf(Permission.class)),
  /**
   * Runs the gateway day to day: reads and manages keys and upstream credentials, reads usage and
   * traces, sets log levels; no admin users, no audit log, no master key.
   */
  OPERATOR(
      EnumSet.of(
          Permission.READ_KEYS,
          Permission.MANAGE_KEYS,
          Permission.MANAGE_CREDENTIALS,
          Permission.READ_USAGE,
          Permission.READ_TRACES,
          Permission.MANAGE_LOGGING)),
  /** Reads only: keys, usage, the audit log and recent traces. */
  VIEWER(
      EnumSet.of(
          Permission.READ_KEYS,
          Permission.READ_AUDIT,
          Permission.READ_USAGE,
          Permission.READ_TRACES));

  /** One thing an admin endpoint needs. */
  public enum Permission {
    READ_KEYS,
    MANAGE_KEYS,
    READ_AUDIT,
    MANAGE_USERS,
    /** Set, rotate and delete the vault's upstream credentials (reading needs READ_KEYS). */
    MANAGE_CREDENTIALS,
    /** Re-wrap the vault under a new master key. */
    MANAGE_MASTER_KEY,
    READ_USAGE,
    /** Recent traces and log levels. */
    READ_TRACES,
    /** Changing a logger's level at run time. */
    MANAGE_LOGGING
  }

  private final Set<Permission> permissions;

  AdminRole(Set<Permission> permissions) {
    this.permissions = Set.copyOf(permissions);
  }

  public boolean may(Permission permission) {
    return permissions.contains(permission);
  }

  /** The role of a configured or stored name: {@code admin}, {@code operator}, {@code viewer}. */
  public static AdminRole named(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

package dev.modelgate.admin;

/**
 * An authenticated administrator: a token's name, or the local command line, its role, and the
 * address the request came from (for the audit log).
 */
public record AdminPrincipal(String name, AdminRole role, String address) {
  public AdminPrincipal(String name, AdminRole role) {
    this(name, role, "local");
  }

  /** The same administrator, acting from {@code from}. */
  public AdminPrincipal from(String from) {
    return new AdminPrincipal(name, role, from);
  }

  /** Refuses with a 403 unless this administrator's role has {@code permission}. */
  public void require(AdminRole.Permission permission, String doing) {
    if (!role.may(permission)) {
      throw new AdminException(
          403, "forbidden", name + " (role " + role.lowerName() + ") may not " + doing);
    }
  }

  /** Whoever runs the CLI against the store directly: they can read the database anyway. */
  public static AdminPrincipal commandLine() {
    return new AdminPrincipal("cli:" + System.getProperty("user.name", "unknown"), AdminRole.ADMIN);
  }
}

package dev.modelgate.admin;

/** An authenticated administrator: a token's name, or the local command line, and its role. */
public record AdminPrincipal(String name, AdminRole role) {
  /** Whoever runs the CLI against the store directly: they can read the database anyway. */
  public static AdminPrincipal commandLine() {
    return new AdminPrincipal("cli:" + System.getProperty("user.name", "unknown"), AdminRole.ADMIN);
  }
}

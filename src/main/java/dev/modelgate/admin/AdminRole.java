package dev.modelgate.admin;

/** What an administrator may do. Configured tokens are {@link #ADMIN}; finer roles come later. */
public enum AdminRole {
  /** Reads and writes everything. */
  ADMIN(true),
  /** Reads only. */
  VIEWER(false);

  private final boolean writes;

  AdminRole(boolean writes) {
    this.writes = writes;
  }

  public boolean mayWrite() {
    return writes;
  }
}

package dev.modelgate.shared;

/**
 * Redis did not answer (down, timed out, refused the command): the link is marked down and the
 * caller uses its local state instead.
 */
public final class SharedUnavailable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean unsent;

  /** A command that may have reached Redis (it timed out, or Redis refused it). */
  public SharedUnavailable(String message, Throwable cause) {
    this(message, cause, false);
  }

  public SharedUnavailable(String message, Throwable cause, boolean unsent) {
    super(message, cause);
    this.unsent = unsent;
  }

  /**
   * Whether the command surely never ran: the link was down, no connection was free, or none could
   * be opened. Otherwise Redis may have run it (a timeout), so repeating it could apply it twice.
   */
  public boolean unsent() {
    return unsent;
  }
}

package dev.modelgate.shared;

/**
 * Redis did not answer (down, timed out, refused the command): the link is marked down and the
 * caller uses its local state instead.
 */
public final class SharedUnavailable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SharedUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.modelgate.admin;

/** An admin request that cannot be done: its HTTP status, a machine code and a message. */
public final class AdminException extends RuntimeException {
  private final int status;
  private final String code;

  public AdminException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public static AdminException invalid(String message) {
    return new AdminException(400, "invalid_request", message);
  }

  public static AdminException notFound(String what) {
    return new AdminException(404, "not_found", what + " not found");
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}

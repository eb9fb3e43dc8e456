package dev.modelgate.error;

import org.jspecify.annotations.Nullable;

/** The client's request is malformed or names a bad parameter (400). */
public final class InvalidRequest extends GatewayException {
  private final @Nullable String param;
  private final String code;

  public InvalidRequest(String message, @Nullable String param) {
    this(message, param, "invalid_request");
  }

  public InvalidRequest(String message, @Nullable String param, String code) {
    super(message, null);
    this.param = param;
    this.code = code;
  }

  public @Nullable String param() {
    return param;
  }

  public String code() {
    return code;
  }
}

package dev.modelgate.vault;

import org.jspecify.annotations.Nullable;

/**
 * The vault cannot do what was asked: a master key is unreachable or refuses, a credential cannot
 * be opened. Messages name credentials and key ids, never a value.
 */
public final class VaultException extends RuntimeException {
  public VaultException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  public VaultException(String message) {
    super(message);
  }
}

package dev.modelgate.store;

import org.jspecify.annotations.Nullable;

/** The store could not be opened, migrated, read or written. */
public final class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

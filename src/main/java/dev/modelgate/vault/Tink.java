package dev.modelgate.vault;

import com.google.crypto.tink.aead.AeadConfig;
import java.security.GeneralSecurityException;

/** Registers Tink's AEAD key types once, before keysets are made or parsed. */
final class Tink {
  private Tink() {}

  static void register() {
    Holder.touch();
  }

  private static final class Holder {
    static {
      try {
        AeadConfig.register();
      } catch (GeneralSecurityException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    static void touch() {}
  }
}

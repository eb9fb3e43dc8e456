package dev.modelgate.config;

import dev.modelgate.provider.spi.Credential;

/**
 * Stands for a vault credential when a configuration is only checked, not served: the vault is not
 * opened then, so the reference cannot be resolved and the value is never asked for.
 */
final class UnopenedCredential {
  private UnopenedCredential() {}

  static Credential of(String name) {
    return new Credential() {
      @Override
      public String value() {
        throw new IllegalStateException("credential " + name + " is not opened in a check");
      }

      @Override
      public String toString() {
        return "Credential[vault:" + name + ", not opened]";
      }
    };
  }
}

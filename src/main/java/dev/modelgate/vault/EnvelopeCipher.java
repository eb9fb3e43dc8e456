package dev.modelgate.vault;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.modelgate.store.CredentialStore.Sealed;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Envelope encryption of one credential value: a fresh AES-256-GCM data key (a Tink keyset) seals
 * the value, and the master key wraps the keyset (Tink's encrypted keyset format). Both are bound
 * to the credential's name and version as associated data, so a sealed value copied to another row
 * or version does not open.
 */
final class EnvelopeCipher {
  private EnvelopeCipher() {}

  static Sealed seal(MasterKey master, String name, int version, String value) {
    Tink.register();
    byte[] context = context(name, version);
    try {
      KeysetHandle dataKey = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
      byte[] sealed =
          dataKey
              .getPrimitive(RegistryConfiguration.get(), Aead.class)
              .encrypt(value.getBytes(StandardCharsets.UTF_8), context);
      byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey, master, context);
      return new Sealed(version, base64(sealed), base64(wrapped));
    } catch (GeneralSecurityException e) {
      throw new VaultException(
          "cannot seal credential " + name + " under master key " + master.id(), e);
    }
  }

  static String open(MasterKey master, String name, Sealed sealed) {
    Tink.register();
    byte[] context = context(name, sealed.version());
    try {
      KeysetHandle dataKey = unwrap(master, sealed, context);
      byte[] value =
          dataKey
              .getPrimitive(RegistryConfiguration.get(), Aead.class)
              .decrypt(Base64.getDecoder().decode(sealed.sealedValue()), context);
      return new String(value, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new VaultException(
          "cannot open credential "
              + name
              + " version "
              + sealed.version()
              + " with master key "
              + master.id(),
          e);
    }
  }

  /** The same sealed value with its data key wrapped by {@code to} instead of {@code from}. */
  static Sealed rewrap(MasterKey from, MasterKey to, String name, Sealed sealed) {
    Tink.register();
    byte[] context = context(name, sealed.version());
    try {
      KeysetHandle dataKey = unwrap(from, sealed, context);
      byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey, to, context);
      return new Sealed(sealed.version(), sealed.sealedValue(), base64(wrapped));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new VaultException(
          "cannot re-wrap credential " + name + " from " + from.id() + " to " + to.id(), e);
    }
  }

  private static KeysetHandle unwrap(MasterKey master, Sealed sealed, byte[] context)
      throws GeneralSecurityException {
    return TinkProtoKeysetFormat.parseEncryptedKeyset(
        Base64.getDecoder().decode(sealed.dataKey()), master, context);
  }

  private static byte[] context(String name, int version) {
    return ("modelgate-vault\n" + name + "\n" + version).getBytes(StandardCharsets.UTF_8);
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}

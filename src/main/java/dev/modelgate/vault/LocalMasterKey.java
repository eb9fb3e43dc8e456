package dev.modelgate.vault;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.subtle.AesGcmJce;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A master key held in memory, read from an environment variable or a key file: 32 random bytes in
 * base64 (AES-256-GCM), or a Tink JSON keyset of an AEAD key (for keys Tink's tools made). Its id
 * is a fingerprint: {@code local:} and 16 hex digits of a SHA-256 over the key.
 */
public final class LocalMasterKey implements MasterKey {
  private static final int KEY_BYTES = 32;

  private final Aead aead;
  private final String id;

  private LocalMasterKey(Aead aead, String id) {
    this.aead = aead;
    this.id = id;
  }

  /**
   * Reads {@code text} (base64 of 32 bytes, or a Tink JSON keyset); {@code source} names where it
   * came from in errors, which never quote the text.
   */
  public static LocalMasterKey parse(String text, String source) {
    String trimmed = text.strip();
    try {
      if (trimmed.startsWith("{")) {
        Tink.register();
        KeysetHandle keyset =
            TinkJsonProtoKeysetFormat.parseKeyset(trimmed, InsecureSecretKeyAccess.get());
        return new LocalMasterKey(
            keyset.getPrimitive(RegistryConfiguration.get(), Aead.class),
            "local:" + fingerprint(trimmed.getBytes(StandardCharsets.UTF_8)));
      }
      byte[] key;
      try {
        key = Base64.getDecoder().decode(trimmed);
      } catch (IllegalArgumentException e) {
        throw new VaultException(source + ": the master key is not base64");
      }
      if (key.length != KEY_BYTES) {
        throw new VaultException(
            source + ": the master key must be 32 bytes in base64, not " + key.length);
      }
      return new LocalMasterKey(new AesGcmJce(key), "local:" + fingerprint(key));
    } catch (GeneralSecurityException e) {
      throw new VaultException(source + ": not a usable master key (" + e.getMessage() + ")", e);
    }
  }

  /** A fingerprint that tells keys apart and, being a salted hash, reveals nothing of them. */
  private static String fingerprint(byte[] key) throws GeneralSecurityException {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update("modelgate master key id\n".getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(sha256.digest(key), 0, 8);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
    return aead.encrypt(plaintext, associatedData);
  }

  @Override
  public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    return aead.decrypt(ciphertext, associatedData);
  }

  @Override
  public String toString() {
    return "LocalMasterKey[" + id + "]";
  }
}

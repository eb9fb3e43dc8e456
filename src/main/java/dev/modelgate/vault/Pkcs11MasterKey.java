package dev.modelgate.vault;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A master key that never leaves an HSM: an AES key on a PKCS#11 token, used through the JDK's
 * SunPKCS11 provider with AES-GCM inside the token. A wrapped data key is the 12-byte IV followed
 * by the token's ciphertext and tag. Its id is {@code pkcs11:} and the key's alias.
 */
public final class Pkcs11MasterKey implements MasterKey {
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Provider provider;
  private final SecretKey key;
  private final String alias;

  private Pkcs11MasterKey(Provider provider, SecretKey key, String alias) {
    this.provider = provider;
    this.key = key;
    this.alias = alias;
  }

  /**
   * Logs in to the token at {@code slotListIndex} of the PKCS#11 {@code library} with {@code pin}
   * and finds the AES key {@code alias}.
   */
  public static Pkcs11MasterKey open(String library, int slotListIndex, char[] pin, String alias) {
    String config =
        "--name = ModelGateVault\nlibrary = "
            + library
            + "\nslotListIndex = "
            + slotListIndex
            + "\n";
    try {
      Provider base = Security.getProvider("SunPKCS11");
      if (base == null) {
        throw new VaultException("this JDK has no SunPKCS11 provider");
      }
      Provider provider = base.configure(config);
      KeyStore store = KeyStore.getInstance("PKCS11", provider);
      store.load(null, pin);
      Key key = store.getKey(alias, null);
      if (!(key instanceof SecretKey secret)) {
        throw new VaultException(
            "the PKCS#11 token has no secret key '" + alias + "' (found: " + key + ")");
      }
      return new Pkcs11MasterKey(provider, secret, alias);
    } catch (GeneralSecurityException | java.io.IOException | java.security.ProviderException e) {
      throw new VaultException(
          "cannot open master key '" + alias + "' on PKCS#11 library " + library, e);
    }
  }

  @Override
  public String id() {
    return "pkcs11:" + alias;
  }

  @Override
  public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", provider);
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
    cipher.updateAAD(associatedData);
    byte[] sealed = cipher.doFinal(plaintext);
    byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
    System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
    return out;
  }

  @Override
  public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    if (ciphertext.length < IV_BYTES + TAG_BITS / 8) {
      throw new GeneralSecurityException("ciphertext too short");
    }
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", provider);
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 0, IV_BYTES));
    cipher.updateAAD(associatedData);
    return cipher.doFinal(ciphertext, IV_BYTES, ciphertext.length - IV_BYTES);
  }

  @Override
  public String toString() {
    return "Pkcs11MasterKey[" + alias + "]";
  }
}

package dev.modelgate.vault;

import dev.modelgate.store.CredentialStore.Sealed;
import java.util.function.Supplier;

/**
 * Envelope-seals small secrets kept outside the credential table (admin users' TOTP secrets) under
 * the vault's master key ring, as one self-describing string: {@code mgseal1:<master key
 * id>:<wrapped data key>:<sealed value>}. The purpose (say {@code admin-totp:alice}) is bound as
 * associated data, so a sealed string copied to another row does not open.
 */
public final class SecretSeal {
  private static final String PREFIX = "mgseal1:";
  private static final int VERSION = 1;

  // The vault's ring of the moment: a configuration reload may change the master keys.
  private final Supplier<MasterKeyRing> rings;

  public SecretSeal(Supplier<MasterKeyRing> rings) {
    this.rings = rings;
  }

  public String seal(String purpose, String secret) {
    MasterKey master = rings.get().current();
    Sealed sealed = EnvelopeCipher.seal(master, purpose, VERSION, secret);
    return PREFIX + master.id() + ":" + sealed.dataKey() + ":" + sealed.sealedValue();
  }

  public String open(String purpose, String sealed) {
    Parts parts = Parts.of(sealed);
    return EnvelopeCipher.open(master(parts, purpose), purpose, parts.sealed());
  }

  /** Whether {@code sealed} is already wrapped by the current master key. */
  public boolean underCurrentKey(String sealed) {
    return masterKeyId(sealed).equals(rings.get().current().id());
  }

  /** The id of the master key that wraps {@code sealed}'s data key. */
  public static String masterKeyId(String sealed) {
    return Parts.of(sealed).masterKeyId();
  }

  /** The same secret with its data key wrapped by the current master key. */
  public String rewrap(String purpose, String sealed) {
    Parts parts = Parts.of(sealed);
    MasterKey to = rings.get().current();
    Sealed next = EnvelopeCipher.rewrap(master(parts, purpose), to, purpose, parts.sealed());
    return PREFIX + to.id() + ":" + next.dataKey() + ":" + next.sealedValue();
  }

  private MasterKey master(Parts parts, String purpose) {
    MasterKey master = rings.get().byId(parts.masterKeyId());
    if (master == null) {
      throw new VaultException(
          purpose
              + " is wrapped by master key "
              + parts.masterKeyId()
              + ", which is not configured (add it to vault.previous_master_keys)");
    }
    return master;
  }

  /** Base64 never holds ':', so the two values are the last two fields and the id the rest. */
  private record Parts(String masterKeyId, Sealed sealed) {
    static Parts of(String text) {
      int last = text.lastIndexOf(':');
      int middle = last < 0 ? -1 : text.lastIndexOf(':', last - 1);
      if (!text.startsWith(PREFIX) || middle <= PREFIX.length()) {
        throw new VaultException("not a sealed secret");
      }
      return new Parts(
          text.substring(PREFIX.length(), middle),
          new Sealed(VERSION, text.substring(last + 1), text.substring(middle + 1, last)));
    }
  }
}

package dev.modelgate.vault;

import com.google.crypto.tink.Aead;

/**
 * The key that wraps the vault's data keys: an AEAD whose key never leaves its home (memory, an
 * HSM, a KMS). {@link #id()} names it without revealing it and is stored beside every data key it
 * wrapped, so during a master-key rotation each data key is opened by the key that wrapped it.
 */
public interface MasterKey extends Aead {
  /** A stable name of this key, such as {@code aws-kms:alias/modelgate}; never secret. */
  String id();
}

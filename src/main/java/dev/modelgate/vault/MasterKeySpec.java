package dev.modelgate.vault;

import dev.modelgate.provider.spi.Secret;
import java.nio.file.Path;

/** Where a master key comes from, as the {@code vault:} configuration section names it. */
public sealed interface MasterKeySpec {
  /** Base64 of 32 bytes (or a Tink JSON keyset) in an environment variable. */
  record FromEnv(String variable) implements MasterKeySpec {}

  /** Base64 of 32 bytes (or a Tink JSON keyset) in a file readable only by the gateway. */
  record FromFile(Path path) implements MasterKeySpec {}

  /** An AES key on a PKCS#11 token (an HSM). */
  record Pkcs11(String library, int slotListIndex, Secret pin, String alias)
      implements MasterKeySpec {}

  /** A key in AWS KMS. */
  record AwsKms(AwsKmsMasterKey.Settings settings) implements MasterKeySpec {}

  /** A key of HashiCorp Vault's Transit engine. */
  record Transit(TransitMasterKey.Settings settings) implements MasterKeySpec {}
}

/**
 * Upstream credentials. The vault: values referred to by name in the configuration, stored
 * envelope-encrypted (Tink AES-256-GCM data keys wrapped by a master key from the environment, a
 * key file, a PKCS#11 HSM, AWS KMS or Vault Transit), opened into memory and refreshed while the
 * gateway runs. Also fixed keys, key pools and short-lived tokens from token providers (OAuth2
 * client credentials). Depends on the provider SPI, upstream, codec and the store; used by config,
 * admin and the CLI.
 */
@NullMarked
package dev.modelgate.vault;

import org.jspecify.annotations.NullMarked;

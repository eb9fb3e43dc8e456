package dev.modelgate.vault;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code vault:} section: the master key new data keys are wrapped by, and the previous master
 * keys still named by stored data keys until {@code modelgate vault rotate-master-key} has
 * re-wrapped them. Without a master key the vault is off and {@code credential:} references are
 * refused.
 */
public record VaultSettings(@Nullable MasterKeySpec masterKey, List<MasterKeySpec> previous) {
  public static final VaultSettings NONE = new VaultSettings(null, List.of());

  public VaultSettings {
    previous = List.copyOf(previous);
  }

  public boolean enabled() {
    return masterKey != null;
  }
}

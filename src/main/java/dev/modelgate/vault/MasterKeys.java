package dev.modelgate.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Opens the master keys the settings name. */
public final class MasterKeys {
  private MasterKeys() {}

  /** The ring of {@code settings}; the vault must be enabled. */
  public static MasterKeyRing ring(
      VaultSettings settings, Function<String, @Nullable String> env, Clock clock) {
    MasterKeySpec current = Objects.requireNonNull(settings.masterKey(), "vault.master_key");
    List<MasterKey> previous =
        settings.previous().stream().map(spec -> open(spec, env, clock)).toList();
    return new MasterKeyRing(open(current, env, clock), previous);
  }

  public static MasterKey open(
      MasterKeySpec spec, Function<String, @Nullable String> env, Clock clock) {
    return switch (spec) {
      case MasterKeySpec.FromEnv fromEnv -> {
        String value = env.apply(fromEnv.variable());
        if (value == null || value.isBlank()) {
          throw new VaultException(
              "the master key's environment variable " + fromEnv.variable() + " is not set");
        }
        yield LocalMasterKey.parse(value, "environment variable " + fromEnv.variable());
      }
      case MasterKeySpec.FromFile file -> {
        try {
          yield LocalMasterKey.parse(
              Files.readString(file.path(), StandardCharsets.UTF_8), "key file " + file.path());
        } catch (IOException e) {
          throw new VaultException("cannot read the master key file " + file.path(), e);
        }
      }
      case MasterKeySpec.Pkcs11 hsm ->
          Pkcs11MasterKey.open(
              hsm.library(), hsm.slotListIndex(), hsm.pin().value().toCharArray(), hsm.alias());
      case MasterKeySpec.AwsKms kms -> new AwsKmsMasterKey(kms.settings(), clock);
      case MasterKeySpec.Transit transit -> new TransitMasterKey(transit.settings());
    };
  }
}

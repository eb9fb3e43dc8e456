package dev.modelgate.cli;

import dev.modelgate.admin.KeyServices;
import dev.modelgate.admin.VaultServices;
import dev.modelgate.config.ConfigLoader;
import dev.modelgate.config.GatewayConfig;
import dev.modelgate.shared.ChangeNudges;
import dev.modelgate.shared.SharedSettings;
import dev.modelgate.store.StoreSettings;
import dev.modelgate.vault.VaultSettings;
import java.nio.file.Path;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Which store a key command works on: the configuration's, or the embedded default's. */
final class StoreOptions {
  @Option(
      names = {"-c", "--config"},
      description = "YAML configuration file whose store: section to use.")
  @Nullable Path config;

  @Option(
      names = "--data-dir",
      description =
          "Without --config: the data directory of the embedded default, whose SQLite store is used (default: ${DEFAULT-VALUE}).",
      defaultValue = "data")
  Path dataDir;

  StoreSettings settings() {
    return config == null
        ? StoreSettings.defaults(dataDir)
        : ConfigLoader.load(config, System::getenv).store();
  }

  /** The configuration's {@code vault:} section; the vault needs --config. */
  VaultSettings vault() {
    if (config == null) {
      throw new IllegalArgumentException("the vault needs --config with a vault: section");
    }
    VaultSettings vault = ConfigLoader.load(config, System::getenv).vault();
    if (!vault.enabled()) {
      throw new IllegalArgumentException(config + " has no vault.master_key");
    }
    return vault;
  }

  /**
   * The store opened (and migrated), with the key operations; no keys held in memory. With a
   * configuration that shares Redis, each write nudges the running gateways to refresh at once;
   * with a configured vault, admin users' TOTP secrets are sealed by it, as a gateway does.
   */
  KeyServices open() {
    if (config == null) {
      return KeyServices.open(StoreSettings.defaults(dataDir), Clock.systemUTC(), () -> {});
    }
    GatewayConfig loaded = ConfigLoader.load(config, System::getenv);
    KeyServices keys =
        KeyServices.open(loaded.store(), Clock.systemUTC(), nudge(ChangeNudges.KEYS));
    if (loaded.vault().enabled()) {
      try {
        VaultServices.open(keys, loaded.vault(), System::getenv, Clock.systemUTC()).close();
      } catch (RuntimeException e) {
        keys.close();
        throw e;
      }
    }
    return keys;
  }

  /** What tells running gateways that {@code topic} changed: nothing without shared Redis. */
  Runnable nudge(String topic) {
    if (config == null) {
      return () -> {};
    }
    SharedSettings shared = ConfigLoader.load(config, System::getenv).shared();
    return shared.enabled() ? () -> ChangeNudges.publishOnce(shared, topic) : () -> {};
  }
}

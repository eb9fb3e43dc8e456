package dev.modelgate.admin;

import dev.modelgate.store.CredentialStore;
import dev.modelgate.vault.CredentialVault;
import dev.modelgate.vault.MasterKeys;
import dev.modelgate.vault.VaultRefresher;
import dev.modelgate.vault.VaultSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The vault on the store opened by {@link KeyServices}: the master keys opened, the credentials in
 * memory with a refresher (for a gateway), and the audited operations on top.
 */
public final class VaultServices implements AutoCloseable {
  private final CredentialVault vault;
  private final @Nullable VaultRefresher refresher;
  private final VaultAdministration administration;

  private VaultServices(
      CredentialVault vault,
      @Nullable VaultRefresher refresher,
      VaultAdministration administration) {
    this.vault = vault;
    this.refresher = refresher;
    this.administration = administration;
  }

  /** For a gateway: credentials opened now and reloaded every {@code interval}. */
  public static VaultServices start(
      KeyServices keys,
      VaultSettings settings,
      Duration interval,
      Function<String, @Nullable String> env,
      Clock clock) {
    return start(keys, settings, interval, env, clock, () -> {});
  }

  /** For a gateway; {@code written} runs after each write here (it tells the other instances). */
  public static VaultServices start(
      KeyServices keys,
      VaultSettings settings,
      Duration interval,
      Function<String, @Nullable String> env,
      Clock clock,
      Runnable written) {
    CredentialVault vault = vault(keys, settings, env, clock);
    VaultRefresher refresher = VaultRefresher.start(vault, interval);
    return new VaultServices(vault, refresher, administration(keys, vault, clock, written));
  }

  /** For the command line: nothing kept in memory; gateways see changes on their next poll. */
  public static VaultServices open(
      KeyServices keys,
      VaultSettings settings,
      Function<String, @Nullable String> env,
      Clock clock) {
    return open(keys, settings, env, clock, () -> {});
  }

  /** For the command line; {@code written} runs after each write (it nudges running gateways). */
  public static VaultServices open(
      KeyServices keys,
      VaultSettings settings,
      Function<String, @Nullable String> env,
      Clock clock,
      Runnable written) {
    CredentialVault vault = vault(keys, settings, env, clock);
    return new VaultServices(vault, null, administration(keys, vault, clock, written));
  }

  /** The vault on the store; admin users' TOTP secrets are sealed by it from now on. */
  private static CredentialVault vault(
      KeyServices keys,
      VaultSettings settings,
      Function<String, @Nullable String> env,
      Clock clock) {
    CredentialVault vault =
        new CredentialVault(
            new CredentialStore(keys.database()), MasterKeys.ring(settings, env, clock), clock);
    keys.users().sealWith(vault.secretSeal());
    return vault;
  }

  private static VaultAdministration administration(
      KeyServices keys, CredentialVault vault, Clock clock, Runnable written) {
    AdminWrites writes =
        new AdminWrites(
            KeyServices.audit(keys.database(), clock),
            () -> {
              vault.reload();
              written.run();
            });
    return new VaultAdministration(vault, keys.users(), writes, clock);
  }

  /** Reloads the credentials now if they changed (another instance nudged this one). */
  public void refresh() {
    if (refresher != null) {
      refresher.poll();
    }
  }

  public CredentialVault vault() {
    return vault;
  }

  public VaultAdministration administration() {
    return administration;
  }

  @Override
  public void close() {
    if (refresher != null) {
      refresher.close();
    }
  }
}

package dev.modelgate.admin;

import dev.modelgate.store.CredentialStore;
import dev.modelgate.vault.CredentialVault;
import dev.modelgate.vault.MasterKeyRing;
import dev.modelgate.vault.MasterKeys;
import dev.modelgate.vault.VaultException;
import dev.modelgate.vault.VaultRefresher;
import dev.modelgate.vault.VaultSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The vault on the store opened by {@link KeyServices}: the master keys opened, the credentials in
 * memory with a refresher (for a gateway), and the audited operations on top.
 */
public final class VaultServices implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(VaultServices.class.getName());

  private final CredentialVault vault;
  private final @Nullable VaultRefresher refresher;
  private final VaultAdministration administration;
  private final Opened opened;
  private VaultSettings settings;

  /** What opened the vault's master keys, to open others the same way. */
  private record Opened(AdminUsers users, Function<String, @Nullable String> env, Clock clock) {}

  private VaultServices(
      CredentialVault vault,
      @Nullable VaultRefresher refresher,
      VaultAdministration administration,
      Opened opened,
      VaultSettings settings) {
    this.vault = vault;
    this.refresher = refresher;
    this.administration = administration;
    this.opened = opened;
    this.settings = settings;
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
    return new VaultServices(
        vault,
        refresher,
        administration(keys, vault, clock, written),
        new Opened(keys.users(), env, clock),
        settings);
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
    return new VaultServices(
        vault,
        null,
        administration(keys, vault, clock, written),
        new Opened(keys.users(), env, clock),
        settings);
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

  /**
   * Uses the master keys {@code next} names from now on, when they differ from those in use (a
   * configuration reload: step one of a master-key rotation needs no restart). They must open every
   * stored credential and admin TOTP secret; otherwise nothing changes and the {@link
   * VaultException} says what they do not open.
   */
  public synchronized void useSettings(VaultSettings next) {
    if (next.equals(settings)) {
      return;
    }
    MasterKeyRing ring = MasterKeys.ring(next, opened.env(), opened.clock());
    List<String> problems = new ArrayList<>(vault.unopened(ring));
    Set<String> missing = new TreeSet<>(opened.users().sealingKeyIds());
    missing.removeAll(ring.ids());
    if (!missing.isEmpty()) {
      problems.add(
          "admin users' TOTP secrets are wrapped by master key " + String.join(", ", missing));
    }
    if (!problems.isEmpty()) {
      throw new VaultException(
          "the new master keys do not open what is stored ("
              + String.join("; ", problems)
              + "): keep the key that wraps it in vault.previous_master_keys");
    }
    vault.useRing(ring);
    settings = next;
    LOG.info("vault: master keys replaced by the configuration, current " + ring.current().id());
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

package dev.modelgate.vault;

import dev.modelgate.provider.spi.Credential;
import dev.modelgate.store.CredentialStore;
import dev.modelgate.store.CredentialStore.Sealed;
import dev.modelgate.store.CredentialStore.StoredCredential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The vault: upstream credentials sealed in the store under the master key ring, and their opened
 * values in memory for the gateway. Requests only read memory; {@link #reload()} (driven by the
 * refresher, or right after a local write) opens what changed. A credential that cannot be opened
 * keeps its last value and is logged by name, never by value.
 */
public final class CredentialVault {
  private static final Logger LOG = Logger.getLogger(CredentialVault.class.getName());

  /** What may be shown of a credential: never its value. */
  public record CredentialInfo(
      String name,
      int version,
      @Nullable Instant previousValidUntil,
      String masterKeyId,
      Instant createdAt,
      Instant rotatedAt) {}

  private final CredentialStore store;
  private volatile MasterKeyRing ring;
  private final Clock clock;
  private final Map<String, VaultCredential> live = new ConcurrentHashMap<>();
  private volatile long loadedVersion = Long.MIN_VALUE;

  public CredentialVault(CredentialStore store, MasterKeyRing ring, Clock clock) {
    this.store = store;
    this.ring = ring;
    this.clock = clock;
  }

  /**
   * Sets {@code name} to {@code value}: a new credential, or the next version of one, whose
   * previous value stays valid for {@code grace} (zero: at once invalid).
   */
  public CredentialInfo set(String name, String value, Duration grace) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a credential value cannot be empty");
    }
    Instant now = clock.instant();
    MasterKey master = ring.current();
    Optional<StoredCredential> existing = store.find(name);
    StoredCredential row;
    if (existing.isEmpty()) {
      row =
          new StoredCredential(
              name, EnvelopeCipher.seal(master, name, 1, value), null, null, master.id(), now, now);
    } else {
      StoredCredential old = existing.get();
      int version = old.current().version() + 1;
      Sealed previous = null;
      Instant until = null;
      if (grace.isPositive()) {
        // The previous value is sealed again under the current master key, so one row never
        // needs two master keys.
        String oldValue = open(old, old.current());
        previous = EnvelopeCipher.seal(master, name, old.current().version(), oldValue);
        until = now.plus(grace);
      }
      row =
          new StoredCredential(
              name,
              EnvelopeCipher.seal(master, name, version, value),
              previous,
              until,
              master.id(),
              old.createdAt(),
              now);
    }
    store.put(row);
    return info(row);
  }

  public List<CredentialInfo> list() {
    return store.all().stream().map(CredentialVault::info).toList();
  }

  public Optional<CredentialInfo> find(String name) {
    return store.find(name).map(CredentialVault::info);
  }

  public boolean delete(String name) {
    return store.delete(name);
  }

  /**
   * Re-wraps every data key not under the current master key. Values never change and both keys
   * open them meanwhile, so gateways keep serving; returns how many credentials were re-wrapped.
   */
  public int rotateMasterKey() {
    MasterKey to = ring.current();
    int rewrapped = 0;
    for (StoredCredential row : store.all()) {
      if (row.masterKeyId().equals(to.id())) {
        continue;
      }
      MasterKey from = masterOf(row);
      Sealed previous = row.previous();
      StoredCredential next =
          new StoredCredential(
              row.name(),
              EnvelopeCipher.rewrap(from, to, row.name(), row.current()),
              previous == null ? null : EnvelopeCipher.rewrap(from, to, row.name(), previous),
              row.previousValidUntil(),
              to.id(),
              row.createdAt(),
              row.rotatedAt());
      if (store.rewrap(row, next)) {
        rewrapped++;
      }
    }
    return rewrapped;
  }

  /** A seal for small secrets kept elsewhere in the store, under the same master key ring. */
  public SecretSeal secretSeal() {
    return new SecretSeal(() -> ring);
  }

  /**
   * What {@code next} (a configuration reload's master keys) fails to do: seal and open a probe
   * with its current key, and open every stored credential. Empty when it can replace the ring.
   */
  public List<String> unopened(MasterKeyRing next) {
    List<String> problems = new ArrayList<>();
    MasterKey current = next.current();
    String probe = "modelgate-vault-probe";
    try {
      EnvelopeCipher.open(current, probe, EnvelopeCipher.seal(current, probe, 1, probe));
    } catch (VaultException e) {
      problems.add("the new master key " + current.id() + " does not work: " + e.getMessage());
    }
    for (StoredCredential row : store.all()) {
      MasterKey master = next.byId(row.masterKeyId());
      if (master == null) {
        problems.add("credential " + row.name() + " is wrapped by master key " + row.masterKeyId());
        continue;
      }
      try {
        EnvelopeCipher.open(master, row.name(), row.current());
      } catch (VaultException e) {
        problems.add(String.valueOf(e.getMessage()));
      }
    }
    return problems;
  }

  /**
   * Uses {@code next} from now on, and opens every credential with it again; for a ring {@link
   * #unopened} found nothing wrong with.
   */
  public synchronized void useRing(MasterKeyRing next) {
    ring = next;
    loadedVersion = Long.MIN_VALUE;
    reload();
  }

  /** The live credential of {@code name} for an adapter, or null when the vault has none. */
  public @Nullable Credential credential(String name) {
    if (!live.containsKey(name) && loadedVersion == Long.MIN_VALUE) {
      reload();
    }
    return live.get(name);
  }

  /** Opens every credential when the store's version moved since the last load. */
  public synchronized void reload() {
    long version = store.version();
    if (version == loadedVersion) {
      return;
    }
    List<StoredCredential> rows = store.all();
    for (StoredCredential row : rows) {
      try {
        VaultCredential.Values values = values(row);
        live.compute(
            row.name(),
            (name, old) -> {
              if (old == null) {
                return new VaultCredential(name, values, clock);
              }
              old.replace(values);
              return old;
            });
      } catch (VaultException e) {
        LOG.log(Level.WARNING, e.getMessage() + "; its last value stays in use", e.getCause());
      }
    }
    live.keySet().retainAll(rows.stream().map(StoredCredential::name).toList());
    loadedVersion = version;
  }

  private VaultCredential.Values values(StoredCredential row) {
    Sealed previous = row.previous();
    Instant until = row.previousValidUntil();
    boolean inGrace = until != null && clock.instant().isBefore(until);
    if (previous == null || until == null || !inGrace) {
      return new VaultCredential.Values(
          row.current().version(), open(row, row.current()), null, null);
    }
    return new VaultCredential.Values(
        row.current().version(), open(row, row.current()), open(row, previous), until);
  }

  private String open(StoredCredential row, Sealed sealed) {
    return EnvelopeCipher.open(masterOf(row), row.name(), sealed);
  }

  private MasterKey masterOf(StoredCredential row) {
    MasterKey master = ring.byId(row.masterKeyId());
    if (master == null) {
      throw new VaultException(
          "credential "
              + row.name()
              + " is wrapped by master key "
              + row.masterKeyId()
              + ", which is not configured (add it to vault.previous_master_keys)");
    }
    return master;
  }

  private static CredentialInfo info(StoredCredential row) {
    return new CredentialInfo(
        row.name(),
        row.current().version(),
        row.previousValidUntil(),
        row.masterKeyId(),
        row.createdAt(),
        row.rotatedAt());
  }
}

package dev.modelgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.vault.CredentialVault;
import dev.modelgate.vault.CredentialVault.CredentialInfo;
import dev.modelgate.vault.VaultException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The vault's operations, shared by the admin API and the CLI: each write goes through {@link
 * AdminWrites} (role check, audit entry with the credential's metadata, never its value); reads
 * show metadata only.
 */
public final class VaultAdministration {
  /** How long a rotated-out value keeps working when no grace is given. */
  public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  private final CredentialVault vault;
  private final AdminUsers users;
  private final AdminWrites writes;
  private final Clock clock;

  public VaultAdministration(
      CredentialVault vault, AdminUsers users, AdminWrites writes, Clock clock) {
    this.vault = vault;
    this.users = users;
    this.writes = writes;
    this.clock = clock;
  }

  /** Sets a new credential, or rotates one: its previous value stays valid for {@code grace}. */
  public CredentialInfo set(AdminPrincipal who, String name, String value, Duration grace) {
    if (!NAME.matcher(name).matches()) {
      throw AdminException.invalid(
          "name: letters, digits, '.', '_' and '-', at most 200, starting with a letter or digit");
    }
    if (value.isEmpty()) {
      throw AdminException.invalid("value: required");
    }
    if (grace.isNegative()) {
      throw AdminException.invalid("grace: cannot be negative");
    }
    boolean exists = vault.find(name).isPresent();
    return writes.write(
        who,
        AdminRole.Permission.MANAGE_CREDENTIALS,
        exists ? "credentials.rotate" : "credentials.set",
        name,
        () -> stateOf(name),
        () -> guarded(() -> vault.set(name, value, grace)),
        this::view);
  }

  public List<CredentialInfo> list(AdminPrincipal who) {
    who.require(AdminRole.Permission.READ_KEYS, "read credentials");
    return vault.list();
  }

  public CredentialInfo show(AdminPrincipal who, String name) {
    who.require(AdminRole.Permission.READ_KEYS, "read credentials");
    return vault.find(name).orElseThrow(() -> AdminException.notFound("credential " + name));
  }

  public CredentialInfo delete(AdminPrincipal who, String name) {
    return writes.write(
        who,
        AdminRole.Permission.MANAGE_CREDENTIALS,
        "credentials.delete",
        name,
        () -> stateOf(name),
        () -> {
          CredentialInfo info =
              vault.find(name).orElseThrow(() -> AdminException.notFound("credential " + name));
          vault.delete(name);
          return info;
        },
        this::view);
  }

  /**
   * Re-wraps every data key under the current master key (credentials and admin users' TOTP
   * secrets); returns how many of each were re-wrapped.
   */
  public Rewrapped rotateMasterKey(AdminPrincipal who) {
    return writes.write(
        who,
        AdminRole.Permission.MANAGE_MASTER_KEY,
        "vault.rotate_master_key",
        "vault",
        () -> null,
        () -> guarded(() -> new Rewrapped(vault.rotateMasterKey(), users.rewrapSecrets())),
        Rewrapped::json);
  }

  /** What a master-key rotation re-wrapped. */
  public record Rewrapped(int credentials, int totpSecrets) {
    public JsonNode json() {
      return Json.object().put("rewrapped", credentials).put("totp_secrets_rewrapped", totpSecrets);
    }
  }

  private static <T> T guarded(java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (VaultException e) {
      throw new AdminException(503, "vault_unavailable", String.valueOf(e.getMessage()));
    }
  }

  private JsonNode view(CredentialInfo info) {
    return CredentialView.of(info, clock.instant());
  }

  private @org.jspecify.annotations.Nullable JsonNode stateOf(String name) {
    return vault.find(name).map(this::view).orElse(null);
  }
}

package dev.modelgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.codec.Json;
import dev.modelgate.store.AdminUserStore;
import dev.modelgate.store.AdminUserStore.AdminUser;
import dev.modelgate.store.AdminUserStore.StoredTotp;
import dev.modelgate.store.AdminUserStore.UserSummary;
import dev.modelgate.vault.SecretSeal;
import dev.modelgate.vault.VaultException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Admin users: adding one (through {@link AdminWrites}, so it is audited) enrols TOTP and makes ten
 * one-time recovery codes, shown once; a login needs the password and a current TOTP code not used
 * before, or an unused recovery code, and opens a session with the user's role.
 */
public final class AdminUsers {
  static final int RECOVERY_CODES = 10;
  private static final String ISSUER = "ModelGate";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Logger LOG = Logger.getLogger(AdminUsers.class.getName());

  /** What a new user is shown once: the otpauth:// URI for the app and the recovery codes. */
  public record Enrolment(
      String name, AdminRole role, String totpUri, List<String> recoveryCodes) {}

  private final AdminUserStore store;
  private final AdminWrites writes;
  private final AdminSessions sessions;
  private final Clock clock;
  // Set once the vault is open (it starts after the store); until then, and without a vault,
  // TOTP secrets are stored as hex.
  private volatile @Nullable SecretSeal seal;

  public AdminUsers(AdminUserStore store, AdminWrites writes, AdminSessions sessions, Clock clock) {
    this.store = store;
    this.writes = writes;
    this.sessions = sessions;
    this.clock = clock;
  }

  public Enrolment add(AdminPrincipal who, String name, AdminRole role, String password) {
    if (name.isBlank() || name.length() > 200) {
      throw AdminException.invalid("name: must be 1 to 200 characters");
    }
    String passwordHash = Passwords.hash(password);
    return writes.write(
        who,
        AdminRole.Permission.MANAGE_USERS,
        "users.add",
        name,
        () -> null,
        () -> {
          byte[] secret = new byte[20];
          RANDOM.nextBytes(secret);
          List<String> codes = new ArrayList<>();
          while (codes.size() < RECOVERY_CODES) {
            codes.add(recoveryCode());
          }
          String hex = HexFormat.of().formatHex(secret);
          SecretSeal sealer = seal;
          AdminUser user =
              new AdminUser(
                  name,
                  role.lowerName(),
                  passwordHash,
                  sealer == null ? hex : "",
                  sealer == null ? null : sealer.seal(purpose(name), hex),
                  Totp.step(clock.instant()) - 2);
          List<String> hashes = codes.stream().map(AdminUsers::codeHash).toList();
          if (!store.add(user, hashes, clock.instant())) {
            throw new AdminException(409, "exists", "admin user " + name + " exists already");
          }
          return new Enrolment(name, role, Totp.enrolmentUri(ISSUER, name, secret), codes);
        },
        enrolment -> summary(name, role.lowerName()));
  }

  /**
   * A session for {@code name}, or a 401 that does not say which part was wrong. {@code code} is a
   * 6-digit TOTP code or a recovery code.
   */
  public AdminSessions.Session login(String name, String password, String code, String address) {
    Optional<AdminUser> found = store.find(name);
    // A missing user still costs one hash, so timing does not tell which names exist.
    String stored = found.map(AdminUser::passwordHash).orElse(DUMMY_HASH);
    boolean passwordOk = Passwords.matches(password, stored) && found.isPresent();
    if (!passwordOk || !secondFactor(found.orElseThrow(), code.strip())) {
      throw new AdminException(401, "invalid_login", "Incorrect user, password or one-time code.");
    }
    AdminUser user = found.orElseThrow();
    return sessions.open(new AdminPrincipal(user.name(), AdminRole.named(user.role()), address));
  }

  /** The users with their roles: only for those who may manage users. */
  public List<UserSummary> list(AdminPrincipal who) {
    who.require(AdminRole.Permission.MANAGE_USERS, "list admin users");
    return store.list();
  }

  /** Removes a user (audited) and ends every session they have open. */
  public void remove(AdminPrincipal who, String name) {
    writes.write(
        who,
        AdminRole.Permission.MANAGE_USERS,
        "users.remove",
        name,
        () -> store.find(name).map(user -> summary(name, user.role())).orElse(null),
        () -> {
          if (!store.remove(name)) {
            throw new AdminException(404, "user_not_found", "No admin user " + name + ".");
          }
          sessions.closeAll(name);
          return name;
        },
        removed -> NullNode.getInstance());
  }

  private static JsonNode summary(String name, String role) {
    return Json.object().put("name", name).put("role", role);
  }

  /**
   * Seals TOTP secrets with the vault from now on, and seals every secret still stored as hex.
   * Returns how many were sealed now.
   */
  public int sealWith(SecretSeal sealer) {
    this.seal = sealer;
    int sealed = 0;
    for (StoredTotp stored : store.totpSecrets()) {
      if (stored.totpSealed() == null
          && store.replaceTotp(stored, sealer.seal(purpose(stored.name()), stored.totpSecret()))) {
        sealed++;
      }
    }
    if (sealed > 0) {
      LOG.info("sealed the TOTP secrets of " + sealed + " admin users with the vault");
    }
    return sealed;
  }

  /** Re-wraps every sealed TOTP secret under the current master key; returns how many. */
  public int rewrapSecrets() {
    SecretSeal sealer = seal;
    if (sealer == null) {
      return 0;
    }
    int rewrapped = 0;
    for (StoredTotp stored : store.totpSecrets()) {
      String sealed = stored.totpSealed();
      if (sealed != null
          && !sealer.underCurrentKey(sealed)
          && store.replaceTotp(stored, sealer.rewrap(purpose(stored.name()), sealed))) {
        rewrapped++;
      }
    }
    return rewrapped;
  }

  /** The master keys that wrap the sealed TOTP secrets: a new master key ring must hold them. */
  public Set<String> sealingKeyIds() {
    Set<String> ids = new TreeSet<>();
    for (StoredTotp stored : store.totpSecrets()) {
      String sealed = stored.totpSealed();
      if (sealed != null) {
        ids.add(SecretSeal.masterKeyId(sealed));
      }
    }
    return ids;
  }

  private static String purpose(String name) {
    return "admin-totp:" + name;
  }

  private byte[] totpSecret(AdminUser user) {
    String sealed = user.totpSealed();
    if (sealed == null) {
      return HexFormat.of().parseHex(user.totpSecret());
    }
    SecretSeal sealer = seal;
    if (sealer == null) {
      throw new AdminException(
          503, "vault_unavailable", "The one-time code cannot be checked without the vault.");
    }
    try {
      return HexFormat.of().parseHex(sealer.open(purpose(user.name()), sealed));
    } catch (VaultException e) {
      throw new AdminException(503, "vault_unavailable", String.valueOf(e.getMessage()));
    }
  }

  private boolean secondFactor(AdminUser user, String code) {
    if (code.matches("\\d{6}")) {
      long step = Totp.matchingStep(totpSecret(user), code, clock.instant());
      return step >= 0 && store.useTotpStep(user.name(), step);
    }
    return store.useRecoveryCode(user.name(), codeHash(code), clock.instant());
  }

  private static String recoveryCode() {
    byte[] bytes = new byte[7];
    RANDOM.nextBytes(bytes);
    String code = Base32.encode(bytes).substring(0, 10).toLowerCase(Locale.ROOT);
    return code.substring(0, 5) + "-" + code.substring(5);
  }

  /** Codes are compared without case, spaces or dashes, as people type them. */
  private static String codeHash(String code) {
    return ApiKeys.hash(code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT));
  }

  private static final String DUMMY_HASH =
      Passwords.hash("not-a-real-password-" + RANDOM.nextLong());
}

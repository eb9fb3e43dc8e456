package dev.modelgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.auth.ApiKeyAuthenticator;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.store.VirtualKey;
import dev.modelgate.store.VirtualKeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The virtual key operations, shared by the admin API and the CLI: each write goes through {@link
 * AdminWrites}; a new secret is returned once and only its hash is stored.
 */
public final class KeyAdministration {
  /** How long the old secret of a rotated key keeps working when no grace is given. */
  public static final Duration DEFAULT_GRACE = Duration.ofHours(24);

  /** A key and its secret, which is shown this once. */
  public record IssuedKey(VirtualKey key, String secret) {}

  private final VirtualKeyStore store;
  private final AdminWrites writes;
  private final Clock clock;

  public KeyAdministration(VirtualKeyStore store, AdminWrites writes, Clock clock) {
    this.store = store;
    this.writes = writes;
    this.clock = clock;
  }

  public IssuedKey create(AdminPrincipal who, VirtualKey.KeyDraft terms) {
    KeyDrafts.validate(terms);
    return writes.write(
        who,
        AdminRole.Permission.MANAGE_KEYS,
        "keys.create",
        terms.name(),
        () -> null,
        () -> {
          String secret = ApiKeys.newKey();
          VirtualKey key = store.create(terms, ApiKeys.hash(secret), hint(secret), clock.instant());
          return new IssuedKey(key, secret);
        },
        issued -> view(issued.key()));
  }

  public List<VirtualKey> list(AdminPrincipal who) {
    who.require(AdminRole.Permission.READ_KEYS, "read keys");
    return store.list();
  }

  public VirtualKey show(AdminPrincipal who, String id) {
    who.require(AdminRole.Permission.READ_KEYS, "read keys");
    return store.find(id).orElseThrow(() -> AdminException.notFound("key " + id));
  }

  /** Applies {@code change} to what the key may do; a revoked key cannot be changed. */
  public VirtualKey update(
      AdminPrincipal who, String id, UnaryOperator<VirtualKey.KeyDraft> change) {
    return writes.write(
        who,
        AdminRole.Permission.MANAGE_KEYS,
        "keys.update",
        id,
        () -> stateOf(id),
        () -> {
          VirtualKey.KeyDraft terms = change.apply(live(id).terms());
          KeyDrafts.validate(terms);
          if (!store.update(id, terms, clock.instant())) {
            throw AdminException.notFound("key " + id);
          }
          return show(who, id);
        },
        this::view);
  }

  public VirtualKey revoke(AdminPrincipal who, String id) {
    return writes.write(
        who,
        AdminRole.Permission.MANAGE_KEYS,
        "keys.revoke",
        id,
        () -> stateOf(id),
        () -> {
          if (!store.revoke(id, clock.instant())) {
            show(who, id);
            throw new AdminException(409, "revoked", "key " + id + " is already revoked");
          }
          return show(who, id);
        },
        this::view);
  }

  /** A new secret; the current one keeps working for {@code grace} (zero ends it at once). */
  public IssuedKey rotate(AdminPrincipal who, String id, Duration grace) {
    if (grace.isNegative()) {
      throw AdminException.invalid("grace: must not be negative");
    }
    return writes.write(
        who,
        AdminRole.Permission.MANAGE_KEYS,
        "keys.rotate",
        id,
        () -> stateOf(id),
        () -> {
          live(id);
          String secret = ApiKeys.newKey();
          Instant now = clock.instant();
          if (!store.rotate(id, ApiKeys.hash(secret), hint(secret), now.plus(grace), now)) {
            throw AdminException.notFound("key " + id);
          }
          return new IssuedKey(show(who, id), secret);
        },
        issued -> view(issued.key()));
  }

  /** The key as the audit log records it; null when there is no such key. */
  private @Nullable JsonNode stateOf(String id) {
    return store.find(id).map(this::view).orElse(null);
  }

  private JsonNode view(VirtualKey key) {
    return KeyView.of(key, clock.instant());
  }

  private VirtualKey live(String id) {
    VirtualKey key = store.find(id).orElseThrow(() -> AdminException.notFound("key " + id));
    if (key.revoked()) {
      throw new AdminException(409, "revoked", "key " + id + " is revoked");
    }
    return key;
  }

  /** What lists show to recognise a key by: its start and end, like OpenAI's dashboard. */
  private static String hint(String secret) {
    return ApiKeyAuthenticator.redact(secret);
  }
}

package dev.modelgate.store;

import dev.modelgate.auth.KeyLimits;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A virtual key as stored: never the secret, only its hash and a hint to recognise it by. After a
 * rotation the previous hash stays valid until {@code previousValidUntil}.
 */
public record VirtualKey(
    String id,
    KeyDraft terms,
    String keyHash,
    String keyHint,
    @Nullable String previousHash,
    @Nullable Instant previousValidUntil,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant revokedAt) {

  public String name() {
    return terms.name();
  }

  public boolean revoked() {
    return revokedAt != null;
  }

  /** {@code active}, {@code expired} or {@code revoked}, as lists show it. */
  public String status(Instant now) {
    if (revoked()) {
      return "revoked";
    }
    Instant expires = terms.expiresAt();
    return expires != null && !now.isBefore(expires) ? "expired" : "active";
  }

  /**
   * What a key may do, as an administrator sets it: everything about a key except its secret.
   * {@code ipAllowlist} holds CIDR blocks (empty allows every address), {@code models} model names
   * or prefixes ending in {@code *}.
   */
  public record KeyDraft(
      String name,
      @Nullable String owner,
      @Nullable String team,
      List<String> models,
      List<String> ipAllowlist,
      @Nullable Instant expiresAt,
      KeyLimits limits) {
    public KeyDraft {
      models = List.copyOf(models);
      ipAllowlist = List.copyOf(ipAllowlist);
    }
  }
}

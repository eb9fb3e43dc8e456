package dev.modelgate.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.auth.KeyLimits;
import dev.modelgate.codec.Json;
import dev.modelgate.store.VirtualKey;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A virtual key as the admin API shows it and the audit log records it: snake_case fields, the hint
 * but never the secret or its hash.
 */
public final class KeyView {
  private KeyView() {}

  public static ObjectNode of(VirtualKey key, Instant now) {
    VirtualKey.KeyDraft terms = key.terms();
    ObjectNode node = Json.object().put("id", key.id()).put("object", "virtual_key");
    node.put("name", terms.name()).put("owner", terms.owner()).put("team", terms.team());
    node.put("status", key.status(now)).put("key_hint", key.keyHint());
    ArrayNode models = node.putArray("models");
    terms.models().forEach(models::add);
    ArrayNode ips = node.putArray("ip_allowlist");
    terms.ipAllowlist().forEach(ips::add);
    node.put("expires_at", text(terms.expiresAt()));
    KeyLimits limits = terms.limits();
    node.put("rpm", limits.rpm()).put("tpm", limits.tpm());
    node.put("budget_usd", limits.budgetUsd()).put("budget_period", limits.budgetPeriod());
    if (key.previousValidUntil() != null && now.isBefore(key.previousValidUntil())) {
      node.put("previous_key_valid_until", text(key.previousValidUntil()));
    }
    node.put("created_at", text(key.createdAt())).put("updated_at", text(key.updatedAt()));
    node.put("revoked_at", text(key.revokedAt()));
    return node;
  }

  private static @Nullable String text(@Nullable Instant instant) {
    return instant == null ? null : instant.toString();
  }
}

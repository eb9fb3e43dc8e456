package dev.modelgate.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.vault.CredentialVault.CredentialInfo;
import java.time.Instant;

/**
 * A vault credential as the admin API, the CLI and the audit log show it: name, version, times and
 * the master key id; never the value (credentials are write-only).
 */
public final class CredentialView {
  private CredentialView() {}

  public static ObjectNode of(CredentialInfo info, Instant now) {
    ObjectNode node = Json.object().put("name", info.name()).put("object", "credential");
    node.put("version", info.version());
    node.put("created_at", info.createdAt().toString());
    node.put("rotated_at", info.rotatedAt().toString());
    Instant until = info.previousValidUntil();
    if (until != null && now.isBefore(until)) {
      node.put("previous_version_valid_until", until.toString());
    }
    node.put("master_key_id", info.masterKeyId());
    return node;
  }
}

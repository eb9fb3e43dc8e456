package dev.modelgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.store.AuditEntry;
import dev.modelgate.store.AuditLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The audit hook that appends one {@link AuditEntry} per admin write to the store's audit log. As a
 * second guard behind the views (which already leave secrets out), every field whose name says it
 * holds a secret is replaced before anything is stored.
 */
public final class StoredAudit implements AdminAudit {
  static final String REDACTED = "[redacted]";
  private static final Set<String> SECRET_NAMES =
      Set.of("key", "secret", "password", "token", "totp", "recovery_code");

  private final AuditLog log;
  private final Clock clock;

  public StoredAudit(AuditLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  @Override
  public void written(
      AdminPrincipal who,
      String action,
      String target,
      @Nullable JsonNode before,
      @Nullable JsonNode after,
      @Nullable RuntimeException failure) {
    String outcome =
        failure == null
            ? "ok"
            : failure instanceof AdminException refused ? refused.code() : "error";
    log.append(
        new AuditEntry(
            "",
            clock.instant(),
            who.name(),
            who.role().lowerName(),
            action,
            target,
            who.address(),
            outcome,
            redacted(before),
            redacted(after)));
  }

  private static @Nullable String redacted(@Nullable JsonNode state) {
    if (state == null) {
      return null;
    }
    JsonNode copy = state.deepCopy();
    redact(copy);
    return copy.toString();
  }

  private static void redact(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> fields = new ArrayList<>();
      object.fieldNames().forEachRemaining(fields::add);
      for (String field : fields) {
        String name = field.toLowerCase(Locale.ROOT);
        if (SECRET_NAMES.contains(name) || name.contains("hash") || name.endsWith("_secret")) {
          object.put(field, REDACTED);
        } else {
          redact(object.path(field));
        }
      }
    } else if (node.isArray()) {
      node.forEach(StoredAudit::redact);
    }
  }
}

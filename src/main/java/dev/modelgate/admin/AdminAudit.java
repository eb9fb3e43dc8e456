package dev.modelgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * Told of every admin write, done or refused: the audit log hooks in here. {@code target} names
 * what was written (e.g. a key id); {@code before} and {@code after} are its state around the write
 * (null where there is none, e.g. before a create or after a refusal); {@code failure} is null when
 * the write was done.
 */
@FunctionalInterface
public interface AdminAudit {
  AdminAudit NONE = (who, action, target, before, after, failure) -> {};

  void written(
      AdminPrincipal who,
      String action,
      String target,
      @Nullable JsonNode before,
      @Nullable JsonNode after,
      @Nullable RuntimeException failure);
}

package dev.modelgate.admin;

import org.jspecify.annotations.Nullable;

/**
 * Told of every admin write, done or refused: the audit log hooks in here. {@code target} names
 * what was written (e.g. a key id); {@code failure} is null when the write was done.
 */
@FunctionalInterface
public interface AdminAudit {
  AdminAudit NONE = (who, action, target, failure) -> {};

  void written(
      AdminPrincipal who, String action, String target, @Nullable RuntimeException failure);
}

package dev.modelgate.admin;

import java.util.function.Supplier;

/**
 * The one place every admin write passes: the role check, the change, then the audit hook and the
 * local refresh (so this gateway sees its own write at once; others see it on their next poll).
 */
public final class AdminWrites {
  private final AdminAudit audit;
  private final Runnable afterWrite;

  public AdminWrites(AdminAudit audit, Runnable afterWrite) {
    this.audit = audit;
    this.afterWrite = afterWrite;
  }

  public <T> T write(AdminPrincipal who, String action, String target, Supplier<T> change) {
    if (!who.role().mayWrite()) {
      AdminException refused =
          new AdminException(403, "forbidden", who.name() + " may not " + action);
      audit.written(who, action, target, refused);
      throw refused;
    }
    T result;
    try {
      result = change.get();
    } catch (RuntimeException e) {
      audit.written(who, action, target, e);
      throw e;
    }
    audit.written(who, action, target, null);
    afterWrite.run();
    return result;
  }
}

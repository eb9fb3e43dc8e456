package dev.modelgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The one place every admin write passes: the role check, the change, then the audit hook and the
 * local refresh (so this gateway sees its own write at once; others see it on their next poll). The
 * audit entry is written right after the change commits (or is refused), in its own transaction: a
 * write is never recorded before it happened.
 */
public final class AdminWrites {
  private final AdminAudit audit;
  private final Runnable afterWrite;

  public AdminWrites(AdminAudit audit, Runnable afterWrite) {
    this.audit = audit;
    this.afterWrite = afterWrite;
  }

  /**
   * Runs {@code change}; {@code before} reads the target's state first (null when it has none or
   * cannot be read), {@code after} describes the result for the audit log.
   */
  public <T> T write(
      AdminPrincipal who,
      AdminRole.Permission needed,
      String action,
      String target,
      Supplier<@Nullable JsonNode> before,
      Supplier<T> change,
      Function<T, JsonNode> after) {
    try {
      who.require(needed, action);
    } catch (AdminException refused) {
      audit.written(who, action, target, null, null, refused);
      throw refused;
    }
    JsonNode prior = before.get();
    T result;
    try {
      result = change.get();
    } catch (RuntimeException e) {
      audit.written(who, action, target, prior, null, e);
      throw e;
    }
    afterWrite.run();
    audit.written(who, action, target, prior, after.apply(result), null);
    return result;
  }
}

package dev.modelgate.store;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One admin action as the audit log keeps it: who (name and role), what (action and target), when,
 * from where, whether it was done ({@code outcome} is {@code ok} or the refusal's error code), and
 * the target before and after as JSON text with secrets already redacted.
 */
public record AuditEntry(
    String id,
    Instant at,
    String actor,
    String role,
    String action,
    String target,
    String clientAddress,
    String outcome,
    @Nullable String before,
    @Nullable String after) {}

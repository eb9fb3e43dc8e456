package dev.modelgate.cli;

import dev.modelgate.admin.KeyAdministration;
import dev.modelgate.auth.KeyLimits;
import dev.modelgate.store.VirtualKey;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Virtual keys as the command line shows them. */
final class KeyPrinter {
  private KeyPrinter() {}

  static void issued(PrintWriter out, KeyAdministration.IssuedKey issued) {
    out.println("key:  " + issued.secret());
    out.println("      (shown only this once: give it to the client now; only its hash is kept)");
    details(out, issued.key(), Instant.now());
  }

  static void details(PrintWriter out, VirtualKey key, Instant now) {
    VirtualKey.KeyDraft terms = key.terms();
    KeyLimits limits = terms.limits();
    line(out, "id", key.id());
    line(out, "name", terms.name());
    line(out, "status", key.status(now));
    line(out, "hint", key.keyHint());
    line(out, "owner", terms.owner());
    line(out, "team", terms.team());
    line(out, "models", String.join(", ", terms.models()));
    line(
        out,
        "ip allowlist",
        terms.ipAllowlist().isEmpty() ? "any" : String.join(", ", terms.ipAllowlist()));
    line(out, "expires", text(terms.expiresAt(), "never"));
    if (key.previousValidUntil() != null && now.isBefore(key.previousValidUntil())) {
      line(out, "old secret until", key.previousValidUntil().toString());
    }
    line(out, "rpm", limits.rpm() == null ? null : limits.rpm().toString());
    line(out, "tpm", limits.tpm() == null ? null : limits.tpm().toString());
    line(
        out,
        "budget",
        limits.budgetUsd() == null
            ? null
            : limits.budgetUsd().toPlainString()
                + " USD "
                + (limits.budgetPeriod() == null ? "total" : limits.budgetPeriod()));
    line(out, "created", key.createdAt().toString());
    line(out, "revoked", text(key.revokedAt(), null));
  }

  static void table(PrintWriter out, List<VirtualKey> keys, Instant now) {
    String format = "%-20s  %-24s  %-16s  %-8s  %-12s  %s%n";
    out.printf(format, "ID", "NAME", "TEAM", "STATUS", "HINT", "EXPIRES");
    for (VirtualKey key : keys) {
      out.printf(
          format,
          key.id(),
          key.name(),
          key.terms().team() == null ? "-" : key.terms().team(),
          key.status(now),
          key.keyHint(),
          text(key.terms().expiresAt(), "never"));
    }
  }

  private static void line(PrintWriter out, String label, @Nullable String value) {
    if (value != null) {
      out.printf("%-17s %s%n", label + ":", value);
    }
  }

  private static @Nullable String text(@Nullable Instant instant, @Nullable String otherwise) {
    return instant == null ? otherwise : instant.toString();
  }
}

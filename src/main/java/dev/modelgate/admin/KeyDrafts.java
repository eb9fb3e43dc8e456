package dev.modelgate.admin;

import dev.modelgate.auth.IpRange;
import dev.modelgate.auth.KeyLimits;
import dev.modelgate.store.VirtualKey;
import java.math.BigDecimal;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Checks what an administrator asks a key to be, with the field named in each message. */
final class KeyDrafts {
  static final Set<String> BUDGET_PERIODS = Set.of("daily", "weekly", "monthly", "total");
  private static final int MAX_TEXT = 200;

  private KeyDrafts() {}

  static void validate(VirtualKey.KeyDraft terms) {
    if (terms.name().isBlank()) {
      throw AdminException.invalid("name: is required");
    }
    text("name", terms.name());
    text("owner", terms.owner());
    text("team", terms.team());
    if (terms.models().isEmpty()) {
      throw AdminException.invalid("models: at least one model or pattern ('*' for all)");
    }
    for (int i = 0; i < terms.models().size(); i++) {
      String model = terms.models().get(i);
      int star = model.indexOf('*');
      if (model.isBlank() || (star >= 0 && star != model.length() - 1)) {
        throw AdminException.invalid(
            "models[" + i + "]: a model name or a prefix ending in '*', not '" + model + "'");
      }
    }
    for (int i = 0; i < terms.ipAllowlist().size(); i++) {
      try {
        IpRange.parse(terms.ipAllowlist().get(i));
      } catch (IllegalArgumentException e) {
        throw AdminException.invalid("ip_allowlist[" + i + "]: " + e.getMessage());
      }
    }
    limits(terms.limits());
  }

  private static void limits(KeyLimits limits) {
    if (limits.rpm() != null && limits.rpm() < 1) {
      throw AdminException.invalid("rpm: must be at least 1");
    }
    if (limits.tpm() != null && limits.tpm() < 1) {
      throw AdminException.invalid("tpm: must be at least 1");
    }
    BigDecimal budget = limits.budgetUsd();
    if (budget != null && (budget.signum() < 0 || budget.precision() - budget.scale() > 12)) {
      throw AdminException.invalid("budget_usd: must be 0 or more, below 10^12");
    }
    if (budget != null && budget.scale() > 6) {
      throw AdminException.invalid("budget_usd: at most 6 decimal places");
    }
    String period = limits.budgetPeriod();
    if (period != null && !BUDGET_PERIODS.contains(period)) {
      throw AdminException.invalid(
          "budget_period: one of " + BUDGET_PERIODS + ", not '" + period + "'");
    }
  }

  private static void text(String field, @Nullable String value) {
    if (value != null && value.length() > MAX_TEXT) {
      throw AdminException.invalid(field + ": at most " + MAX_TEXT + " characters");
    }
  }
}

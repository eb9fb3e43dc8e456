package dev.modelgate.usage;

import dev.modelgate.auth.Principal;
import dev.modelgate.store.UsageRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adds each call's tokens and cost to the ledger for its key, team and user, and raises the alerts
 * whose thresholds the addition crossed. Cache hits cost no upstream tokens and count nothing.
 */
public final class SpendTracker {
  private final SpendLedger ledger;
  private final BudgetAlerts alerts;

  public SpendTracker(SpendLedger ledger, BudgetAlerts alerts) {
    this.ledger = ledger;
    this.alerts = alerts;
  }

  void record(Principal principal, UsageRecord record, BudgetSettings budgets, String currency) {
    long tokens = record.totalTokens();
    BigDecimal cost = record.cost();
    if (record.cacheHit() || (tokens == 0 && cost.signum() == 0)) {
      return;
    }
    List<BudgetLimit> limits = budgets.limitsFor(principal);
    for (SpendSubject subject : subjects(principal)) {
      Map<BudgetPeriod, Spend> after = ledger.add(subject, record.at(), tokens, cost);
      BudgetSettings.Alerts alerting = budgets.alerts();
      if (alerting == null) {
        continue;
      }
      for (BudgetLimit limit : limits) {
        Spend now = after.get(limit.period());
        if (limit.subject().equals(subject) && now != null) {
          Spend before = new Spend(now.tokens() - tokens, now.cost().subtract(cost));
          alerts.check(alerting, limit, before, now, record.at(), currency);
        }
      }
    }
  }

  static List<SpendSubject> subjects(Principal principal) {
    List<SpendSubject> subjects = new ArrayList<>();
    subjects.add(new SpendSubject(SpendSubject.Kind.KEY, principal.keyId()));
    if (principal.team() != null) {
      subjects.add(new SpendSubject(SpendSubject.Kind.TEAM, principal.team()));
    }
    if (principal.owner() != null) {
      subjects.add(new SpendSubject(SpendSubject.Kind.USER, principal.owner()));
    }
    return subjects;
  }
}

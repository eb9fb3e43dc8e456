package dev.modelgate.usage;

import dev.modelgate.auth.Principal;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Budgets from the configuration, per team and per user (a key's own budget is part of the key:
 * {@code budget_usd} per {@code budget_period}), and where threshold alerts go.
 */
public record BudgetSettings(
    Map<String, Caps> teams, Map<String, Caps> users, @Nullable Alerts alerts) {
  public static final BudgetSettings NONE = new BudgetSettings(Map.of(), Map.of(), null);

  public BudgetSettings {
    teams = Map.copyOf(teams);
    users = Map.copyOf(users);
  }

  /** Daily and monthly caps of tokens and cost; null means none. */
  public record Caps(
      @Nullable Long dailyTokens,
      @Nullable Long monthlyTokens,
      @Nullable BigDecimal dailyCost,
      @Nullable BigDecimal monthlyCost) {}

  /**
   * A webhook that receives a JSON POST when a subject's spend first reaches each threshold (a
   * share of the limit, e.g. 0.5, 0.8, 1.0) in a period.
   */
  public record Alerts(URI webhook, List<BigDecimal> thresholds) {
    public Alerts {
      thresholds = List.copyOf(thresholds);
    }
  }

  /** Every limit that applies to a call of {@code principal}. */
  public List<BudgetLimit> limitsFor(Principal principal) {
    List<BudgetLimit> limits = new ArrayList<>();
    BigDecimal keyBudget = principal.limits().budgetUsd();
    BudgetPeriod keyPeriod = BudgetPeriod.named(principal.limits().budgetPeriod());
    if (keyBudget != null) {
      limits.add(
          new BudgetLimit(
              new SpendSubject(SpendSubject.Kind.KEY, principal.keyId()),
              keyPeriod == null ? BudgetPeriod.MONTHLY : keyPeriod,
              BudgetLimit.Metric.COST,
              keyBudget));
    }
    add(limits, SpendSubject.Kind.TEAM, principal.team(), teams);
    add(limits, SpendSubject.Kind.USER, principal.owner(), users);
    return limits;
  }

  private static void add(
      List<BudgetLimit> limits,
      SpendSubject.Kind kind,
      @Nullable String id,
      Map<String, Caps> configured) {
    Caps caps = id == null ? null : configured.get(id);
    if (caps == null || id == null) {
      return;
    }
    SpendSubject subject = new SpendSubject(kind, id);
    if (caps.dailyTokens() != null) {
      limits.add(
          new BudgetLimit(
              subject,
              BudgetPeriod.DAILY,
              BudgetLimit.Metric.TOKENS,
              BigDecimal.valueOf(caps.dailyTokens())));
    }
    if (caps.monthlyTokens() != null) {
      limits.add(
          new BudgetLimit(
              subject,
              BudgetPeriod.MONTHLY,
              BudgetLimit.Metric.TOKENS,
              BigDecimal.valueOf(caps.monthlyTokens())));
    }
    if (caps.dailyCost() != null) {
      limits.add(
          new BudgetLimit(subject, BudgetPeriod.DAILY, BudgetLimit.Metric.COST, caps.dailyCost()));
    }
    if (caps.monthlyCost() != null) {
      limits.add(
          new BudgetLimit(
              subject, BudgetPeriod.MONTHLY, BudgetLimit.Metric.COST, caps.monthlyCost()));
    }
  }
}

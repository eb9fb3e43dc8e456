package dev.modelgate.policy.budget;

import dev.modelgate.chain.Call;
import dev.modelgate.chain.Policy;
import dev.modelgate.error.QuotaExceeded;
import dev.modelgate.model.Reply;
import dev.modelgate.usage.BudgetLimit;
import dev.modelgate.usage.BudgetSettings;
import dev.modelgate.usage.SpendLedger;
import java.time.Clock;
import java.time.Instant;

/**
 * Before a call: if any budget of its key, team or user is used up in the current period, the call
 * is refused with {@link QuotaExceeded} (429 {@code insufficient_quota} to OpenAI clients) and
 * nothing reaches an upstream. Spend is settled when a call ends, so calls already in flight when a
 * budget runs out still finish: a budget can be overshot by what those calls cost.
 */
public final class BudgetPolicy implements Policy {
  private final BudgetSettings budgets;
  private final SpendLedger ledger;
  private final String currency;
  private final Clock clock;

  public BudgetPolicy(BudgetSettings budgets, SpendLedger ledger, String currency, Clock clock) {
    this.budgets = budgets;
    this.ledger = ledger;
    this.currency = currency;
    this.clock = clock;
  }

  @Override
  public Reply apply(Call call, Next next) {
    Instant now = clock.instant();
    for (BudgetLimit limit : budgets.limitsFor(call.principal())) {
      if (limit.reachedBy(ledger.spent(limit.subject(), limit.period(), now))) {
        throw new QuotaExceeded("Budget exceeded: " + limit.describe(currency) + ".", 429);
      }
    }
    return next.proceed(call);
  }
}

package dev.modelgate.chain;

import dev.modelgate.model.Reply;
import java.util.List;

/**
 * A route's policies, outermost first, ending in {@link Dispatch}. The links are built once per
 * configuration snapshot, so running a call allocates nothing for the chain itself.
 */
public final class Chain {
  private final Policy.Next head;
  private final List<Policy> policies;

  Chain(List<Policy> policies, Dispatch dispatch) {
    this.policies = List.copyOf(policies);
    Policy.Next next = dispatch::dispatch;
    for (int i = policies.size() - 1; i >= 0; i--) {
      Policy policy = policies.get(i);
      Policy.Next rest = next;
      next = call -> policy.apply(call, rest);
    }
    this.head = next;
  }

  /** Runs the call; the reply always carries usage ({@link UsageGuarantee}). */
  public Reply run(Call call) {
    return UsageGuarantee.apply(call, head.proceed(call));
  }

  public List<Policy> policies() {
    return policies;
  }
}

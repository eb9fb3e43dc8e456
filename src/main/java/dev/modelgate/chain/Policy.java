package dev.modelgate.chain;

import dev.modelgate.model.Reply;

/**
 * A link of the chain. It may answer itself (a cache hit, a rejection), call {@code next} once, or
 * call it several times (retry, fallback). Policies are switched on and tuned by configuration;
 * their order is fixed in {@link ChainPlan}.
 */
public interface Policy {
  Reply apply(Call call, Next next);

  /** The rest of the chain after a policy. */
  @FunctionalInterface
  interface Next {
    Reply proceed(Call call);
  }
}

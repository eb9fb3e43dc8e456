package dev.modelgate.chain;

import dev.modelgate.error.GatewayException;
import dev.modelgate.model.Usage;
import dev.modelgate.route.Target;
import org.jspecify.annotations.Nullable;

/**
 * The lifecycle of a call, for logs, metrics, traces and usage records: a flat listener, not a
 * policy, so observing never changes what happens. Implementations must not block.
 */
public interface CallListener {
  default void attemptStart(Call call, Target target, int attempt) {}

  default void attemptEnd(Call call, Target target, @Nullable GatewayException failure) {}

  default void firstToken(Call call) {}

  /**
   * A policy decided something worth seeing in traces and metrics: {@code name} is a fixed word
   * ({@code cache}, {@code canary}, {@code fallback}, {@code ratelimit}, {@code budget}, {@code
   * guardrail}), {@code value} one of a few fixed words ({@code hit}, {@code candidate}, {@code
   * models}, {@code rejected}); never a user's value, since both become metric labels.
   */
  default void decision(Call call, String name, String value) {}

  /** The call ended: {@code status} as the client saw it, {@code failure} if it failed. */
  default void callEnd(
      Call call, int status, @Nullable Usage usage, @Nullable GatewayException failure) {}

  CallListener NONE = new CallListener() {};
}

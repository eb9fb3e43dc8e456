package dev.modelgate.policy.breaker;

import dev.modelgate.chain.Call;
import dev.modelgate.chain.Policy;
import dev.modelgate.chain.TargetGate;
import dev.modelgate.error.GatewayException;
import dev.modelgate.model.Reply;
import dev.modelgate.route.Target;

/**
 * The per-attempt link: keeps targets with an open circuit out of the choice (as a {@link
 * TargetGate}) and records each attempt's outcome on its target's breaker. A failure counts when
 * its type says the target is unwell ({@link GatewayException#targetFault()}); a stream counts as a
 * success once its first chunk arrived.
 */
public final class BreakerPolicy implements Policy, TargetGate {
  private final String route;
  private final BreakerSettings settings;
  private final Breakers breakers;

  public BreakerPolicy(String route, BreakerSettings settings, Breakers breakers) {
    this.route = route;
    this.settings = settings;
    this.breakers = breakers;
  }

  @Override
  public boolean admits(Target target) {
    return breakers.of(route, target, settings).admits();
  }

  @Override
  public Reply apply(Call call, Next next) {
    int before = call.attempts();
    try {
      Reply reply = next.proceed(call);
      Target target = call.target();
      if (target != null && call.attempts() > before) {
        breakers.of(route, target, settings).success();
      }
      return reply;
    } catch (GatewayException e) {
      Target target = call.target();
      if (target != null && call.attempts() > before && e.targetFault()) {
        breakers.of(route, target, settings).failure();
      }
      throw e;
    }
  }
}

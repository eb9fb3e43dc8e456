package dev.modelgate.config;

import dev.modelgate.chain.ChainPlan;
import dev.modelgate.policy.canary.CanaryPolicy;
import dev.modelgate.policy.shadow.ShadowPolicy;
import dev.modelgate.route.Target;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/** Builds a route's canary and shadow policies from its configuration. */
final class TrafficPolicies {
  private final PolicyServices services;

  TrafficPolicies(PolicyServices services) {
    this.services = services;
  }

  ChainPlan.RoutePolicies forRoute(
      GatewayConfig.RouteSpec spec,
      List<Target> stable,
      Function<GatewayConfig.TargetSpec, Target> compile) {
    GatewayConfig.CanarySpec canary = spec.canary();
    GatewayConfig.ShadowSpec shadow = spec.shadow();
    return new ChainPlan.RoutePolicies(
        null,
        canary == null
            ? null
            : new CanaryPolicy(
                spec.model(),
                stable,
                canary.targets().stream().map(compile).toList(),
                canary.settings(),
                services.rollouts(),
                services.clock(),
                services.registry()),
        shadow == null
            ? null
            : new ShadowPolicy(
                spec.model(),
                compile.apply(shadow.target()),
                shadow.settings(),
                services.clock(),
                () -> ThreadLocalRandom.current().nextDouble(),
                services.registry()),
        null,
        null,
        null);
  }
}

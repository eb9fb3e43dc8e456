package dev.modelgate.config;

import dev.modelgate.chain.ChainPlan;
import dev.modelgate.policy.guardrail.GuardrailPolicy;
import dev.modelgate.policy.jsonmode.JsonModePolicy;
import dev.modelgate.policy.jsonmode.JsonModeSettings;

/** Adds a route's guardrail and JSON guarantee to its other policies. */
final class ResponsePolicies {
  private ResponsePolicies() {}

  static ChainPlan.RoutePolicies withChecks(
      ChainPlan.RoutePolicies others, ResponseChecks checks, String model) {
    JsonModeSettings json = checks.json(model);
    return others.withChecks(
        checks.anyGuardrail(model)
            ? new GuardrailPolicy(checks.route(model), checks.byKey())
            : null,
        json.enabled() ? new JsonModePolicy(json) : null);
  }
}

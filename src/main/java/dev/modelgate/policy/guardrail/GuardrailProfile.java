package dev.modelgate.policy.guardrail;

/** A named set of guardrails: the checks on the prompt ({@code input}) and the answer. */
public record GuardrailProfile(GuardrailRules input, GuardrailRules output) {
  public static final GuardrailProfile NONE =
      new GuardrailProfile(GuardrailRules.NONE, GuardrailRules.NONE);

  public GuardrailProfile and(GuardrailProfile other) {
    return new GuardrailProfile(input.and(other.input), output.and(other.output));
  }
}

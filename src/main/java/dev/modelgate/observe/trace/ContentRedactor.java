package dev.modelgate.observe.trace;

/**
 * Masks prompt and completion text before it goes on a span ({@code capture_content: true}). The
 * gateway passes the guardrails' PII masking ({@code policy.guardrail.Redactor.PII}); tracing
 * itself does not depend on the policies.
 */
@FunctionalInterface
public interface ContentRedactor {
  String redact(String text);
}

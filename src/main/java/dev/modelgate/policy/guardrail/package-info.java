/**
 * Guardrails: checks on what goes to a model and what comes back, per route and per key: PII
 * (masked or blocked), keyword and regular-expression blocklists, a prompt-injection score, a
 * maximum prompt size; streams are checked on a sliding window. {@link
 * dev.modelgate.policy.guardrail.Redactor} is the reusable masking interface (for traces, logs).
 * Depends on the chain, the model, the errors and the codecs; used by the configuration.
 */
@NullMarked
package dev.modelgate.policy.guardrail;

import org.jspecify.annotations.NullMarked;

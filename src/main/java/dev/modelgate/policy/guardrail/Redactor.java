package dev.modelgate.policy.guardrail;

/**
 * Masks sensitive parts of a text, for anything that stores or shows content (traces, logs, usage
 * records). {@link #PII} masks every kind of personal data the gateway detects.
 */
@FunctionalInterface
public interface Redactor {
  /** Every detected e-mail, phone, ID, card number and IP address replaced by a tag. */
  Redactor PII = text -> PiiScanner.ALL.mask(text);

  String redact(String text);
}

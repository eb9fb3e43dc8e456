package dev.modelgate.policy.guardrail;

import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Masks sensitive parts of a text, for anything that stores or shows content (traces, logs, usage
 * records). {@link #PII} masks every kind of personal data the gateway detects.
 */
@FunctionalInterface
public interface Redactor {
  /** Every detected e-mail, phone, ID, card number and IP address replaced by a tag. */
  Redactor PII = text -> PiiScanner.ALL.mask(text);

  /** What a keyword or pattern of the rules matched is replaced by. */
  String MASK = "[REDACTED]";

  /**
   * Every kind of personal data masked as {@link #PII} does, whatever kinds {@code rules} name, and
   * whatever their keywords (in any case) and patterns match replaced by {@link #MASK}: what would
   * block a call is not stored either.
   */
  static Redactor masking(GuardrailRules rules) {
    @Nullable Pattern keywords = GuardrailScan.keywordPattern(rules.keywords());
    List<Pattern> patterns = rules.patterns();
    return text -> {
      String out = text;
      if (keywords != null) {
        out = keywords.matcher(out).replaceAll(MASK);
      }
      for (Pattern pattern : patterns) {
        out = pattern.matcher(out).replaceAll(MASK);
      }
      return PII.redact(out);
    };
  }

  String redact(String text);
}

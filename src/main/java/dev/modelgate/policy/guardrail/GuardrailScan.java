package dev.modelgate.policy.guardrail;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One direction's rules compiled for scanning texts: why a text is blocked (never quoting what
 * matched: it may be the personal data itself), and the personal data to mask.
 */
final class GuardrailScan {
  private final GuardrailRules rules;
  private final PiiScanner pii;
  private final @Nullable Pattern keywords;

  GuardrailScan(GuardrailRules rules) {
    this.rules = rules;
    this.pii = new PiiScanner(rules.piiKinds());
    this.keywords = keywordPattern(rules.keywords());
  }

  /** One pattern finding any of {@code keywords} in any case; null for none. */
  static @Nullable Pattern keywordPattern(List<String> keywords) {
    return keywords.isEmpty()
        ? null
        : Pattern.compile(
            keywords.stream().map(Pattern::quote).collect(Collectors.joining("|")),
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  GuardrailRules rules() {
    return rules;
  }

  /** Why {@code text} is blocked, or null when it may pass (perhaps masked). */
  @Nullable String blockReason(String text) {
    if (keywords != null && keywords.matcher(text).find()) {
      return "a blocked keyword";
    }
    for (Pattern pattern : rules.patterns()) {
      if (pattern.matcher(text).find()) {
        return "a blocked pattern";
      }
    }
    if (rules.piiAction() == GuardrailRules.PiiAction.BLOCK && !pii.isEmpty()) {
      List<PiiScanner.Found> found = pii.find(text);
      if (!found.isEmpty()) {
        return "personal data (" + found.get(0).kind().configName() + ")";
      }
    }
    return null;
  }

  /** The personal data to mask in {@code text}: none unless the action is to mask. */
  List<PiiScanner.Found> maskable(String text) {
    return rules.piiAction() == GuardrailRules.PiiAction.MASK && !pii.isEmpty()
        ? pii.find(text)
        : List.of();
  }

  String masked(String text) {
    List<PiiScanner.Found> found = maskable(text);
    return found.isEmpty() ? text : PiiScanner.mask(text, found, text.length());
  }
}

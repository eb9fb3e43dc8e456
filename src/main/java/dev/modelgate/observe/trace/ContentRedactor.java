package dev.modelgate.observe.trace;

import java.util.regex.Pattern;

/**
 * Masks prompt text before it goes on a span ({@code capture_content: true}). The guardrail rules
 * plug in their own PII masking through this interface; the built-in one masks e-mail addresses and
 * runs of digits (phone, card and account numbers).
 */
@FunctionalInterface
public interface ContentRedactor {
  String redact(String text);

  /** E-mail addresses and runs of four or more digits, replaced by a marker. */
  ContentRedactor BASIC =
      new ContentRedactor() {
        private final Pattern email = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");
        private final Pattern digits = Pattern.compile("\\d[\\d -]{2,}\\d");

        @Override
        public String redact(String text) {
          String masked = email.matcher(text).replaceAll("[email]");
          return digits.matcher(masked).replaceAll("[number]");
        }
      };
}

package dev.modelgate.policy.guardrail;

import java.net.InetAddress;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The personal data the guardrail detects: each a pattern for candidates and a check that keeps
 * only real ones (a checksum, an address that parses), so a random number is not taken for an ID.
 */
public enum PiiKind {
  EMAIL(
      "(?<![\\w.+-])[\\w.+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}(?![\\w-])",
      s -> true),
  /** Chinese resident ID: 18 characters, GB 11643 check character. Before phones: it has digits. */
  CN_ID("(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])", Checksums::chineseResidentId),
  /** Bank card: 13 to 19 digits, optionally in groups of 4 by spaces or dashes, Luhn-valid. */
  BANK_CARD(
      "(?<![0-9])[0-9]{4}(?:[ -][0-9]{4}){2,3}(?:[ -][0-9]{1,4})?(?![0-9])"
          + "|(?<![0-9])[0-9]{13,19}(?![0-9])",
      Checksums::luhn),
  /** Mainland-China mobile: 1[3-9] and 9 digits, optionally +86 / 0086 / 86 and separators. */
  CN_MOBILE("(?<![0-9])(?:(?:\\+|00)?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9])", s -> true),
  /** Other phone numbers in international (+cc) or common grouped national forms. */
  PHONE(
      "(?<![\\w+])(?<![0-9][ .-])(?:\\+[1-9][0-9]{0,2}[ .-]?)?(?:\\([0-9]{2,4}\\)[ .-]?|[0-9]{2,4}[ .-])[0-9]{3,4}[ .-][0-9]{3,4}(?![0-9])(?![ .-][0-9])",
      s -> s.replaceAll("[^0-9]", "").length() >= 9),
  IPV4(
      "(?<![0-9.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}"
          + "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?![0-9.])",
      s -> true),
  IPV6("(?<![\\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\\w:])", PiiKind::isIpv6);

  final Pattern pattern;
  final Predicate<String> valid;

  PiiKind(String regex, Predicate<String> valid) {
    this.pattern = Pattern.compile(regex);
    this.valid = valid;
  }

  /** The tag that replaces a masked value, e.g. {@code [CN_ID]}. */
  public String tag() {
    return "[" + name() + "]";
  }

  /** The configuration name, e.g. {@code cn_id}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  private static boolean isIpv6(String text) {
    if (!text.contains("::") && text.chars().filter(c -> c == ':').count() != 7) {
      return false;
    }
    if (text.replace(":", "").isEmpty()) {
      return false; // "::" alone, or a C++ scope operator
    }
    try {
      // A literal with colons is parsed, never looked up in DNS.
      return InetAddress.getByName(text) instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException | SecurityException e) {
      return false;
    }
  }
}

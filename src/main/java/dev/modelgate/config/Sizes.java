package dev.modelgate.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses byte sizes: {@code 1048576}, {@code 512KiB}, {@code 20MiB}, {@code 1GiB} (also KB, MB, GB
 * as powers of 1024).
 */
final class Sizes {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(|b|kib|kb|k|mib|mb|m|gib|gb|g)", Pattern.CASE_INSENSITIVE);

  private Sizes() {}

  static long parse(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size (write 1048576, 512KiB or 20MiB)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
      case "kib", "kb", "k" -> n * 1024;
      case "mib", "mb", "m" -> n * 1024 * 1024;
      case "gib", "gb", "g" -> n * 1024 * 1024 * 1024;
      default -> n;
    };
  }
}

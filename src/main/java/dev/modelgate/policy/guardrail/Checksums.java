package dev.modelgate.policy.guardrail;

/** Check digits that tell a real identifier from a number that only looks like one. */
final class Checksums {
  /** GB 11643-1999 weights of the first 17 digits of a Chinese resident ID. */
  private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

  private static final char[] ID_CHECK = "10X98765432".toCharArray();

  private Checksums() {}

  /** The Luhn (mod 10) check of a card number's digits, separators ignored. */
  static boolean luhn(String number) {
    int sum = 0;
    int digits = 0;
    boolean doubled = false;
    for (int i = number.length() - 1; i >= 0; i--) {
      char c = number.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int d = c - '0';
      if (doubled) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      digits++;
      doubled = !doubled;
    }
    return digits >= 12 && sum % 10 == 0;
  }

  /**
   * An 18-character Chinese resident ID: 17 digits, then the ISO 7064 MOD 11-2 check character (0-9
   * or X) of GB 11643, with a plausible birth date in positions 7-14.
   */
  static boolean chineseResidentId(String id) {
    if (id.length() != 18) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      sum += (c - '0') * ID_WEIGHTS[i];
    }
    int month = Integer.parseInt(id.substring(10, 12));
    int day = Integer.parseInt(id.substring(12, 14));
    if (month < 1 || month > 12 || day < 1 || day > 31) {
      return false;
    }
    return Character.toUpperCase(id.charAt(17)) == ID_CHECK[sum % 11];
  }
}

package dev.modelgate.policy.shadow;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * How alike two answers are: the Jaccard index of their token sets (shared tokens over all tokens),
 * from 0 (nothing in common) to 1 (the same words, in any order). A token is a run of letters or
 * digits, lower-cased; a Han, Hiragana or Katakana character is a token of its own, since those
 * scripts do not separate words with spaces. Cheap and order-blind on purpose: it flags a shadow
 * that answers something else, not one that phrases the same answer differently.
 */
public final class Similarity {
  private Similarity() {}

  public static double jaccard(String a, String b) {
    Set<String> left = tokens(a);
    Set<String> right = tokens(b);
    if (left.isEmpty() && right.isEmpty()) {
      return 1.0;
    }
    Set<String> union = new HashSet<>(left);
    union.addAll(right);
    left.retainAll(right);
    return (double) left.size() / union.size();
  }

  static Set<String> tokens(String text) {
    Set<String> out = new HashSet<>();
    StringBuilder word = new StringBuilder();
    text.toLowerCase(Locale.ROOT)
        .codePoints()
        .forEach(
            cp -> {
              if (standsAlone(cp)) {
                flush(word, out);
                out.add(Character.toString(cp));
              } else if (Character.isLetterOrDigit(cp)) {
                word.appendCodePoint(cp);
              } else {
                flush(word, out);
              }
            });
    flush(word, out);
    return out;
  }

  private static boolean standsAlone(int codePoint) {
    Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
    return script == Character.UnicodeScript.HAN
        || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA;
  }

  private static void flush(StringBuilder word, Set<String> out) {
    if (!word.isEmpty()) {
      out.add(word.toString());
      word.setLength(0);
    }
  }
}

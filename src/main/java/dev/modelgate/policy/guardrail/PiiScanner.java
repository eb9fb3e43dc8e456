package dev.modelgate.policy.guardrail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Finds personal data of the configured kinds in a text. Kinds are tried in declaration order and a
 * span already taken by an earlier kind is not reported again (an ID number is not also a card).
 */
final class PiiScanner {
  static final PiiScanner ALL = new PiiScanner(EnumSet.allOf(PiiKind.class));

  /** One detected value: its kind and where it is. */
  record Found(PiiKind kind, int start, int end) {}

  private final Set<PiiKind> kinds;

  PiiScanner(Set<PiiKind> kinds) {
    this.kinds = kinds.isEmpty() ? EnumSet.noneOf(PiiKind.class) : EnumSet.copyOf(kinds);
  }

  boolean isEmpty() {
    return kinds.isEmpty();
  }

  List<Found> find(String text) {
    List<Found> found = new ArrayList<>();
    for (PiiKind kind : kinds) {
      Matcher m = kind.pattern.matcher(text);
      while (m.find()) {
        int start = m.start();
        int end = m.end();
        if (kind.valid.test(m.group())
            && found.stream().noneMatch(f -> f.start < end && start < f.end)) {
          found.add(new Found(kind, start, end));
        }
      }
    }
    found.sort(Comparator.comparingInt(Found::start));
    return found;
  }

  String mask(String text) {
    return mask(text, find(text), text.length());
  }

  /** The text up to {@code limit} with every value found there replaced by its tag. */
  static String mask(String text, List<Found> found, int limit) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (Found f : found) {
      if (f.start() >= limit) {
        break;
      }
      out.append(text, at, f.start()).append(f.kind().tag());
      at = f.end();
    }
    if (at < limit) {
      out.append(text, at, limit);
    }
    return out.toString();
  }
}

package dev.modelgate.policy.guardrail;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The checks on one direction (the prompt, or the answer).
 *
 * @param piiKinds the personal data looked for
 * @param piiAction what a find does: {@code MASK} (replaced by its tag) or {@code BLOCK}
 * @param keywords blocked words or phrases (matched case-insensitively)
 * @param patterns blocked regular expressions
 * @param injectionThreshold a prompt-injection score at or above this blocks; null: not checked
 * @param maxPromptTokens the largest prompt (o200k tokens) let through; 0: no limit
 * @param window characters held back on streams so a match split across chunks is seen whole
 */
public record GuardrailRules(
    Set<PiiKind> piiKinds,
    PiiAction piiAction,
    List<String> keywords,
    List<Pattern> patterns,
    @Nullable Double injectionThreshold,
    long maxPromptTokens,
    int window) {
  public static final int DEFAULT_WINDOW = 64;
  public static final GuardrailRules NONE =
      new GuardrailRules(Set.of(), PiiAction.MASK, List.of(), List.of(), null, 0, DEFAULT_WINDOW);

  /** What a PII find does. */
  public enum PiiAction {
    MASK,
    BLOCK
  }

  public GuardrailRules {
    piiKinds = piiKinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(piiKinds));
    keywords = List.copyOf(keywords);
    patterns = List.copyOf(patterns);
  }

  /** Both rule sets at once: every check of either, the stricter action and limits. */
  public GuardrailRules and(GuardrailRules other) {
    Set<PiiKind> kinds = EnumSet.noneOf(PiiKind.class);
    kinds.addAll(piiKinds);
    kinds.addAll(other.piiKinds);
    List<String> words = new ArrayList<>(keywords);
    words.addAll(other.keywords);
    List<Pattern> regexes = new ArrayList<>(patterns);
    regexes.addAll(other.patterns);
    Double threshold =
        injectionThreshold == null
            ? other.injectionThreshold
            : other.injectionThreshold == null
                ? injectionThreshold
                : Double.valueOf(Math.min(injectionThreshold, other.injectionThreshold));
    long max =
        maxPromptTokens == 0
            ? other.maxPromptTokens
            : other.maxPromptTokens == 0
                ? maxPromptTokens
                : Math.min(maxPromptTokens, other.maxPromptTokens);
    PiiAction action =
        (piiAction == PiiAction.BLOCK && !piiKinds.isEmpty())
                || (other.piiAction == PiiAction.BLOCK && !other.piiKinds.isEmpty())
            ? PiiAction.BLOCK
            : PiiAction.MASK;
    return new GuardrailRules(
        kinds, action, words, regexes, threshold, max, Math.max(window, other.window));
  }

  boolean isEmpty() {
    return piiKinds.isEmpty()
        && keywords.isEmpty()
        && patterns.isEmpty()
        && injectionThreshold == null
        && maxPromptTokens == 0;
  }
}

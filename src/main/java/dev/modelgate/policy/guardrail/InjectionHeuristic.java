package dev.modelgate.policy.guardrail;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A score between 0 and 1 for how much a text reads like a prompt injection: the sum of the weights
 * of the phrases below that it contains, capped at 1. Each phrase counts once. The phrases are the
 * common openings of injection attempts (overriding earlier instructions, asking for the system
 * prompt, role-play jailbreaks, chat-template tokens), in English and Chinese; a request is blocked
 * when its score reaches the configured threshold (default 0.5).
 */
final class InjectionHeuristic {
  record Phrase(Pattern pattern, double weight) {}

  static final List<Phrase> PHRASES =
      List.of(
          phrase(
              "\\b(ignore|disregard|forget|override)\\b.{0,20}\\b(previous|prior|above|earlier|all|your|the)\\b.{0,20}\\b(instructions?|prompts?|rules|directions|guidelines)\\b",
              0.6),
          phrase(
              "\\b(reveal|show|print|repeat|output|tell me)\\b.{0,30}\\b(system prompt|initial prompt|hidden (prompt|instructions)|your instructions)\\b",
              0.6),
          phrase(
              "\\byou are now\\b.{0,30}\\b(DAN|unrestricted|jailbroken|developer mode|evil)\\b",
              0.5),
          phrase("\\bdo anything now\\b|\\bDAN mode\\b|\\bjailbreak\\b", 0.4),
          phrase("\\bdeveloper mode\\b|\\bno (restrictions|limits|filters)\\b", 0.3),
          phrase("<\\|?(im_start|im_end|system|endoftext)\\|?>|\\[/?INST\\]|<<SYS>>", 0.5),
          phrase("\\bnew instructions?\\s*:", 0.3),
          phrase("\\bpretend (you are|to be)\\b|\\brole-?play as\\b", 0.2),
          phrase("\\bsystem prompt\\b", 0.2),
          phrase("(忽略|无视|忘记|忘掉).{0,10}(之前|以上|上面|前面|所有|先前).{0,10}(指令|指示|提示|规则|要求)", 0.6),
          phrase("(输出|显示|告诉我|打印|重复).{0,10}(系统提示|系统指令|初始指令|你的指令)", 0.6),
          phrase("(越狱|开发者模式|不受限制)", 0.3));

  private InjectionHeuristic() {}

  static double score(String text) {
    double score = 0;
    for (Phrase phrase : PHRASES) {
      if (phrase.pattern().matcher(text).find()) {
        score += phrase.weight();
      }
    }
    return Math.min(1, score);
  }

  private static Phrase phrase(String regex, double weight) {
    return new Phrase(
        Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL),
        weight);
  }
}

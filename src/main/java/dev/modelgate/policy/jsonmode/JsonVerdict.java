package dev.modelgate.policy.jsonmode;

import java.util.Locale;

/**
 * How the JSON of an answer was obtained, sent as {@code x-modelgate-json} and logged: {@code
 * native} (the target's structured output, valid as sent), {@code instructed} (valid as sent after
 * an instruction in the prompt), {@code repaired} (extracted or mended from the text), {@code
 * retried} (valid after one corrective request), {@code default} (the configured value), {@code
 * invalid} (a stream whose JSON did not validate), {@code stream} (header of a stream; the verdict
 * comes in its final chunk).
 */
enum JsonVerdict {
  NATIVE,
  INSTRUCTED,
  REPAIRED,
  RETRIED,
  DEFAULT,
  INVALID,
  STREAM;

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}

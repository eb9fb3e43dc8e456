package dev.modelgate.provider.common;

import java.util.HashMap;
import java.util.Map;

/**
 * GPT-2's byte-to-character table, in which byte-level BPE vocabularies spell their tokens: the
 * printable Latin-1 bytes stand for themselves, every other byte for a character from U+0100 on.
 */
public final class ByteLevel {
  private ByteLevel() {}

  /** Each character of the table to the byte it stands for. */
  public static Map<Character, Byte> decoding() {
    Map<Character, Byte> table = new HashMap<>();
    int next = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
      char c = printable ? (char) b : (char) (256 + next++);
      table.put(c, (byte) b);
    }
    return table;
  }
}

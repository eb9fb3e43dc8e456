package dev.modelgate.provider.echo;

import dev.modelgate.model.Message;
import java.util.List;

/** Token counts for echo answers: words and punctuation, so the numbers look like real usage. */
final class EchoTokens {
  private EchoTokens() {}

  static long count(String text) {
    long tokens = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        if (!inWord) {
          tokens++;
        }
        inWord = true;
      } else {
        inWord = false;
        if (!Character.isWhitespace(c)) {
          tokens++;
        }
      }
    }
    return tokens;
  }

  static long count(List<Message> messages) {
    long tokens = 0;
    for (Message message : messages) {
      tokens += 4 + count(message.text());
    }
    return tokens + 2;
  }
}

package dev.modelgate.provider.dify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.modelgate.model.Message;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which Dify conversation a client's history belongs to. After each answer the gateway files the
 * conversation under a digest of the whole exchange (history, the answer); a client that sends that
 * history back with a new question is found by the digest of everything before its question.
 * Bounded and expiring: a forgotten conversation only costs the context being folded into the
 * query.
 */
final class DifyConversations {
  private final Cache<String, String> byHistory =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(24)).build();

  @Nullable String find(String user, List<Message> history) {
    return history.isEmpty() ? null : byHistory.getIfPresent(digest(user, history, null));
  }

  void remember(String user, List<Message> history, String answer, String conversationId) {
    byHistory.put(digest(user, history, answer), conversationId);
  }

  void forget(String user, List<Message> history) {
    byHistory.invalidate(digest(user, history, null));
  }

  private static String digest(String user, List<Message> messages, @Nullable String answer) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    update(sha, user);
    for (Message message : messages) {
      update(sha, message.role().wire());
      update(sha, message.text());
    }
    if (answer != null) {
      update(sha, "assistant");
      update(sha, answer);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Length-prefixed, so ("ab","c") and ("a","bc") differ. */
  private static void update(MessageDigest sha, String part) {
    byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
    sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    sha.update((byte) ':');
    sha.update(bytes);
  }
}
